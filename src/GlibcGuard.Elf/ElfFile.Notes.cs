using System;
using System.Collections.Generic;
using System.Text;

namespace GlibcGuard.Elf
{
    /// <summary>One ELF note (from a PT_NOTE segment, or an SHT_NOTE section when there are no segments).</summary>
    internal readonly struct ElfNote
    {
        internal ElfNote(string name, uint type, ElfBytes descriptor)
        {
            Name = name;
            Type = type;
            Descriptor = descriptor;
        }

        /// <summary>The owner name without its NUL, e.g. "GNU" or "Go".</summary>
        public string Name { get; }
        /// <summary>n_type</summary>
        public uint Type { get; }
        /// <summary>The descriptor bytes.</summary>
        public ElfBytes Descriptor { get; }
    }

    partial class ElfFile
    {
        /// <summary>NT_GNU_ABI_TAG</summary>
        public const uint NT_GNU_ABI_TAG = 1;
        /// <summary>NT_GNU_BUILD_ID</summary>
        public const uint NT_GNU_BUILD_ID = 3;
        /// <summary>NT_GNU_PROPERTY_TYPE_0</summary>
        public const uint NT_GNU_PROPERTY_TYPE_0 = 5;
        /// <summary>GNU_PROPERTY_X86_ISA_1_NEEDED</summary>
        public const uint GNU_PROPERTY_X86_ISA_1_NEEDED = 0xc0008002;

        private ElfList<ElfNote>? _lazyNotes;

        private const string HexDigits = "0123456789abcdef";

        /// <summary>All notes, from PT_NOTE segments (SHT_NOTE sections when the file has no PT_NOTE).</summary>
        /// <exception cref="ElfFormatException">A note header is damaged.</exception>
        public IReadOnlyList<ElfNote> Notes => _lazyNotes ??= ReadNotes();

        private ElfList<ElfNote> ReadNotes()
        {
            ThrowIfDisposed();
            var notes = ElfList<ElfNote>.Lend(4);
            bool anySegment = false;
            IReadOnlyList<ElfProgramHeader> headers = ProgramHeaders;
            for (int i = 0; i < headers.Count; i++)
            {
                ElfProgramHeader ph = headers[i];
                if (ph.Type == ElfSegmentType.Note && ph.FileSize > 0)
                {
                    anySegment = true;
                    DecodeNotesOrWarn(ph.Offset, ph.FileSize, "PT_NOTE segment", ph.Alignment == 8 ? 8 : 4, notes);
                }
            }
            if (!anySegment)
            {
                foreach (ElfSectionHeader sh in SectionsOfType(ElfSectionType.Note))
                {
                    if (sh.Size > 0)
                    {
                        DecodeNotesOrWarn(sh.Offset, sh.Size, "note section", sh.Alignment == 8 ? 8 : 4, notes);
                    }
                }
            }
            return notes;
        }

        /// <summary>
        /// One damaged note (or note segment) is a warning: the notes before it are kept and the file's other
        /// facts do not depend on it.
        /// </summary>
        private void DecodeNotesOrWarn(ulong offset, ulong size, string what, int align, ElfList<ElfNote> notes)
        {
            try
            {
                DecodeNotes(ReadRange(offset, size, what), align, notes);
            }
            catch (ElfFormatException e)
            {
                Warn("note unreadable, the notes after it are skipped: " + e.Reason, e.Offset);
            }
        }

        private static void DecodeNotes(ElfBytes data, int align, ElfList<ElfNote> notes)
        {
            int offset = 0;
            while (data.Length - offset >= 12)
            {
                uint nameSize = data.PeekUInt32(offset), descSize = data.PeekUInt32(offset + 4), type = data.PeekUInt32(offset + 8);
                long nameStart = offset + 12;
                // Padding aligns offsets, not sizes: with 8-byte notes the descriptor of a "GNU" note starts at 16.
                long descStart = Align(nameStart + nameSize, align);
                long end = Align(descStart + descSize, align);
                if (!data.Contains(nameStart, nameSize) || !data.Contains(descStart, descSize))
                {
                    ElfThrow.Format("note with n_namesz " + nameSize + " and n_descsz " + descSize + " runs past its segment (size 0x" + data.Length.ToString("x") + ")", data.FileOffset + offset);
                }
                int nameLength = (int)nameSize;
                while (nameLength > 0 && data.PeekByte((int)nameStart + nameLength - 1) == 0)
                {
                    nameLength--;
                }
                string name = nameLength == 0 ? "" : OwnerName(data, (int)nameStart, nameLength);
                notes.Add(new ElfNote(name, type, data.Slice((int)descStart, (int)descSize)));
                offset = (int)Math.Min(end, data.Length);
            }
        }

        /// <summary>A note's owner name; the common ones without a new string.</summary>
        private static string OwnerName(ElfBytes data, int at, int length)
        {
            if (length == 3 && data.PeekByte(at) == (byte)'G' && data.PeekByte(at + 1) == (byte)'N' && data.PeekByte(at + 2) == (byte)'U') return "GNU";
            if (length == 2 && data.PeekByte(at) == (byte)'G' && data.PeekByte(at + 1) == (byte)'o') return "Go";
            return data.PeekUtf8(at, length);
        }

        private static long Align(long value, int align) => (value + align - 1) & ~(long)(align - 1);

        /// <summary>
        /// The minimum kernel version from NT_GNU_ABI_TAG ("3.2.0"), or null when the file has no such note or
        /// it is not for Linux.
        /// </summary>
        public string? AbiTagKernel
        {
            get
            {
                IReadOnlyList<ElfNote> notes = Notes;
                for (int n = 0; n < notes.Count; n++)
                {
                    ElfNote note = notes[n];
                    if (note.Name == "GNU" && note.Type == NT_GNU_ABI_TAG && note.Descriptor.Length >= 16 && note.Descriptor.PeekUInt32(0) == 0)
                    {
                        return note.Descriptor.PeekUInt32(4) + "." + note.Descriptor.PeekUInt32(8) + "." + note.Descriptor.PeekUInt32(12);
                    }
                }
                return null;
            }
        }

        /// <summary>NT_GNU_BUILD_ID as lowercase hex, or null.</summary>
        public string? BuildId
        {
            get
            {
                IReadOnlyList<ElfNote> notes = Notes;
                for (int n = 0; n < notes.Count; n++)
                {
                    ElfNote note = notes[n];
                    if (note.Name == "GNU" && note.Type == NT_GNU_BUILD_ID && note.Descriptor.Length > 0)
                    {
                        var hex = new char[note.Descriptor.Length * 2];
                        for (int i = 0; i < note.Descriptor.Length; i++)
                        {
                            byte b = note.Descriptor.PeekByte(i);
                            hex[2 * i] = HexDigits[b >> 4];
                            hex[2 * i + 1] = HexDigits[b & 15];
                        }
                        return new string(hex);
                    }
                }
                return null;
            }
        }

        /// <summary>
        /// The GNU_PROPERTY_X86_ISA_1_NEEDED bit mask (1 baseline, 2 x86-64-v2, 4 v3, 8 v4), or null when the
        /// file does not declare one.
        /// </summary>
        public uint? X86IsaNeeded
        {
            get
            {
                int align = Header.Is64 ? 8 : 4;
                IReadOnlyList<ElfNote> notes = Notes;
                for (int n = 0; n < notes.Count; n++)
                {
                    ElfNote note = notes[n];
                    if (note.Name != "GNU" || note.Type != NT_GNU_PROPERTY_TYPE_0)
                    {
                        continue;
                    }
                    ElfBytes d = note.Descriptor;
                    int o = 0;
                    while (d.Length - o >= 8)
                    {
                        uint type = d.PeekUInt32(o), size = d.PeekUInt32(o + 4);
                        if (!d.Contains(o + 8, size))
                        {
                            ElfThrow.Format("GNU property with pr_datasz " + size + " runs past its note", d.FileOffset + o);
                        }
                        if (type == GNU_PROPERTY_X86_ISA_1_NEEDED && size >= 4)
                        {
                            return d.PeekUInt32(o + 8);
                        }
                        o = (int)Math.Min(Align(o + 8L + size, align), d.Length);
                    }
                }
                return null;
            }
        }

        /// <summary>The highest x86-64 level number in an ISA bit mask (1 to 4).</summary>
        public static int X86IsaLevel(uint mask) => (mask & 8) != 0 ? 4 : (mask & 4) != 0 ? 3 : (mask & 2) != 0 ? 2 : 1;
    }
}

using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        private bool _dynamicRead;
        private ElfDynamicInfo? _lazyDynamic;
        private ElfStringTable _dynamicStrings = ElfStringTable.Empty;

        /// <summary>
        /// The dynamic table found through PT_DYNAMIC (SHT_DYNAMIC when there is no PT_DYNAMIC), or null for a
        /// file that has none (static executables, relocatable objects).
        /// </summary>
        /// <exception cref="ElfFormatException">The table or its string table lies outside the file.</exception>
        public ElfDynamicInfo? Dynamic
        {
            get
            {
                if (!_dynamicRead)
                {
                    _dynamicRead = true;
                    _lazyDynamic = ReadDynamic();
                }
                return _lazyDynamic;
            }
        }

        /// <summary>The dynamic string table (DT_STRTAB, DT_STRSZ bytes); empty when there is none.</summary>
        internal ElfStringTable DynamicStrings
        {
            get
            {
                _ = Dynamic; // reading the dynamic table loads the string table with it
                return _dynamicStrings;
            }
        }

        private ElfDynamicInfo? ReadDynamic()
        {
            ulong offset, size;
            bool throughSections = false;
            if (FindSegment(ElfSegmentType.Dynamic) is ElfProgramHeader ph)
            {
                offset = ph.Offset;
                size = ph.FileSize;
            }
            else if (Header.Type != ElfType.Relocatable && // an object file is not loaded: it has no dynamic table to read
                     FindSectionOrNull(ElfSectionType.Dynamic, 0) is ElfSectionHeader sh && sh.Type != ElfSectionType.NoBits)
            {
                offset = sh.Offset;
                size = sh.Size;
                throughSections = true;
            }
            else
            {
                return null;
            }

            bool is64 = Header.Is64;
            int entrySize = is64 ? 16 : 8;
            ElfBytes table = ReadRange(offset, size - size % (ulong)entrySize, "dynamic table");
            int count = table.Length / entrySize;
            int used = 0; // entries before DT_NULL (the table is often padded with more): the list is made that long
            while (used < count && (is64 ? table.PeekUInt64(used * entrySize) : table.PeekUInt32(used * entrySize)) != 0) used++;
            var entries = ElfList<ElfDynamicEntry>.Lend(used);
            bool terminated = false;
            for (int i = 0; i < count; i++)
            {
                long tag = is64 ? (long)table.PeekUInt64(i * entrySize) : (int)table.PeekUInt32(i * entrySize);
                if (tag == (long)ElfDynamicTag.Null)
                {
                    terminated = true;
                    break;
                }
                entries.Add(new ElfDynamicEntry((ElfDynamicTag)tag, table.PeekWord(i * entrySize + entrySize / 2, is64), table.FileOffset + (long)i * entrySize));
            }
            if (!terminated)
            {
                Warn("dynamic table has no DT_NULL terminator; all " + count + " entries were read", table.FileOffset);
            }

            ulong? strtab = null, strsz = null;
            long strtabAt = -1;
            for (int i = 0; i < entries.Count; i++)
            {
                ElfDynamicEntry e = entries[i];
                if (e.Tag == ElfDynamicTag.StringTable && strtab is null)
                {
                    strtab = e.Value;
                    strtabAt = e.FileOffset;
                }
                if (e.Tag == ElfDynamicTag.StringTableSize && strsz is null) strsz = e.Value;
            }
            if (strtab is ulong strAddress)
            {
                const string what = "dynamic string table (DT_STRTAB)";
                (ulong stringsAt, ulong stringsSize) = LocateAddressedTable(strAddress, strsz, ElfSectionType.StringTable, what, strtabAt);
                _dynamicStrings = ElfStringTable.At(this, stringsAt, stringsSize, what);
            }

            int neededCount = 0;
            for (int i = 0; i < entries.Count; i++) if (entries[i].Tag == ElfDynamicTag.Needed) neededCount++;
            var needed = new List<string>(neededCount);
            string? soname = null, rpath = null, runpath = null;
            ulong flags = 0, flags1 = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                ElfDynamicEntry e = entries[i];
                long at = table.FileOffset + (long)i * entrySize;
                switch (e.Tag)
                {
                    case ElfDynamicTag.Needed: needed.Add(DynamicString(e.Value, "DT_NEEDED", at)); break;
                    case ElfDynamicTag.SharedObjectName: soname ??= DynamicString(e.Value, "DT_SONAME", at); break;
                    case ElfDynamicTag.RPath: rpath ??= DynamicString(e.Value, "DT_RPATH", at); break;
                    case ElfDynamicTag.RunPath: runpath ??= DynamicString(e.Value, "DT_RUNPATH", at); break;
                    case ElfDynamicTag.Flags: flags = e.Value; break;
                    case ElfDynamicTag.Flags1: flags1 = e.Value; break;
                }
            }
            return new ElfDynamicInfo(entries, needed, soname, rpath, runpath, flags, flags1, throughSections);
        }

        /// <summary>
        /// A string from the dynamic string table. A bad index is recoverable: the placeholder
        /// "&lt;corrupt FIELD 0x…&gt;" stands in and a warning is recorded.
        /// </summary>
        internal string DynamicString(ulong index, string field, long recordOffset)
        {
            if (index < (ulong)_dynamicStrings.Length && _dynamicStrings.TryPeekName((long)index, out string value))
            {
                if (value.Length == 0 && (field == "DT_NEEDED" || field.StartsWith("vn", StringComparison.Ordinal) || field == "vda_name"))
                {
                    // A library or version with no name: say so instead of printing "needs , which …".
                    Warn(field + " 0x" + index.ToString("x") + " names an empty string", recordOffset);
                    return "<empty " + field + ">";
                }
                return value;
            }
            Warn(field + " 0x" + index.ToString("x") + " is not a string in the dynamic string table (size 0x" + _dynamicStrings.Length.ToString("x") + ")", recordOffset);
            return "<corrupt " + field + " 0x" + index.ToString("x") + ">";
        }

        /// <summary>
        /// Reads a table the dynamic table points at by virtual address. The address is mapped through PT_LOAD;
        /// when that fails, a section of <paramref name="sectionType"/> at that address is used. The size is
        /// <paramref name="size"/> when known, else what the segment or section holds from that address on,
        /// capped at <paramref name="cap"/>. <paramref name="pointerOffset"/> is where the address was read (the
        /// dynamic entry that holds it): an address that maps nowhere is reported there.
        /// </summary>
        internal ElfBytes ReadAddressedTable(ulong address, ulong? size, ElfSectionType sectionType, string what, long pointerOffset, ulong cap = MaxTableSize)
        {
            (ulong offset, ulong want) = LocateAddressedTable(address, size, sectionType, what, pointerOffset, cap);
            return ReadRange(offset, want, what);
        }

        /// <summary>
        /// Where <see cref="ReadAddressedTable"/> would read, with the same checks and warnings, without reading:
        /// the range is known to lie in the file and to be no larger than <see cref="MaxTableSize"/>.
        /// </summary>
        internal (ulong Offset, ulong Size) LocateAddressedTable(ulong address, ulong? size, ElfSectionType sectionType, string what, long pointerOffset, ulong cap = MaxTableSize)
        {
            ulong offset, available;
            if (!TryMapAddress(address, out offset, out available))
            {
                if (FindSectionOrNull(sectionType, address) is ElfSectionHeader sh && sh.Type != ElfSectionType.NoBits)
                {
                    offset = sh.Offset;
                    available = sh.Size;
                }
                else
                {
                    ElfThrow.Format(what + " address is not inside any PT_LOAD segment", pointerOffset, address);
                }
            }
            ulong want = size ?? Math.Min(available, cap);
            if (size is ulong declared && declared > available)
            {
                Warn(what + " size 0x" + declared.ToString("x") + " runs past its segment (0x" + available.ToString("x") + " bytes)", (long)Math.Min(offset, long.MaxValue));
            }
            CheckRange(offset, want, what);
            return (offset, want);
        }
    }
}

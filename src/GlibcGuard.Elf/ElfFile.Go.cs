using System;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        // "\xff Go buildinf:" at a 16-byte aligned position; the header is 32 bytes.
        private static readonly byte[] s_goBuildInfoMagic = { 0xff, (byte)' ', (byte)'G', (byte)'o', (byte)' ', (byte)'b', (byte)'u', (byte)'i', (byte)'l', (byte)'d', (byte)'i', (byte)'n', (byte)'f', (byte)':' };
        private const int GoBuildInfoAlign = 16, GoBuildInfoHeaderSize = 32, GoSearchWindow = 64 * 1024;

        private bool _goRead;
        private GoBuildInfo? _lazyGo;

        /// <summary>
        /// Go build information, or null when the file is not a Go binary. Found through the .go.buildinfo
        /// section's address (so it survives patchelf moving file offsets), else by scanning the start of the
        /// first writable, non-executable PT_LOAD segment, as the Go toolchain does.
        /// </summary>
        /// <exception cref="ElfFormatException">The build information header is present but damaged.</exception>
        public GoBuildInfo? Go
        {
            get
            {
                if (!_goRead)
                {
                    _goRead = true;
                    _lazyGo = ReadGoBuildInfo();
                }
                return _lazyGo;
            }
        }

        private GoBuildInfo? ReadGoBuildInfo()
        {
            ElfBytes data;
            if (FindNamedSectionOrNull(".go.buildinfo") is ElfSectionHeader section)
            {
                data = ReadAtAddressOrOffset(section.Address, section.Offset, Math.Min(section.Size, GoSearchWindow), ".go.buildinfo");
            }
            else if (HasReadableSectionTable())
            {
                return null; // a file with a section table and no .go.buildinfo section is not a Go 1.13+ binary
            }
            else
            {
                ElfProgramHeader? dataSegment = null;
                foreach (ElfProgramHeader ph in ProgramHeaders)
                {
                    if (ph.Type == ElfSegmentType.Load && ph.IsWritable && !ph.IsExecutable)
                    {
                        dataSegment = ph;
                        break;
                    }
                }
                if (dataSegment is not ElfProgramHeader seg || seg.FileSize == 0)
                {
                    return null;
                }
                data = ReadRange(seg.Offset, Math.Min(seg.FileSize, GoSearchWindow), "first writable PT_LOAD segment");
            }

            int at = -1;
            for (int i = data.IndexOf(s_goBuildInfoMagic, 0); i >= 0; i = data.IndexOf(s_goBuildInfoMagic, i + 1))
            {
                if (i % GoBuildInfoAlign == 0)
                {
                    at = i;
                    break;
                }
            }
            if (at < 0 || data.Length - at < GoBuildInfoHeaderSize)
            {
                return null;
            }
            int pointerSize = data.PeekByte(at + 14);
            byte flags = data.PeekByte(at + 15);
            if ((flags & 2) != 0)
            {
                // Go 1.18+: the two strings follow the header, each with a uvarint length.
                int cursor = at + GoBuildInfoHeaderSize;
                ElfBytes version = ReadVarintBytes(data, ref cursor, "Go version string");
                ElfBytes modinfo = ReadVarintBytes(data, ref cursor, "Go module information");
                return version.Length == 0 ? null : GoBuildInfo.Parse(Utf8(version), ModuleText(modinfo), pointerFormat: false);
            }
            if (pointerSize != 4 && pointerSize != 8)
            {
                ElfThrow.Format("Go build info has pointer size " + pointerSize + " (expected 4 or 8)", data.FileOffset + at + 14);
            }
            bool bigEndian = flags != 0;
            ulong versionAddress = ReadGoPointer(data, at + 16, pointerSize, bigEndian);
            ulong modAddress = ReadGoPointer(data, at + 16 + pointerSize, pointerSize, bigEndian);
            ElfBytes oldVersion = ReadGoString(versionAddress, pointerSize, bigEndian, data.FileOffset + at + 16);
            ElfBytes oldModinfo = ReadGoString(modAddress, pointerSize, bigEndian, data.FileOffset + at + 16 + pointerSize);
            return oldVersion.Length == 0 ? null : GoBuildInfo.Parse(Utf8(oldVersion), ModuleText(oldModinfo), pointerFormat: true);
        }

        private ElfBytes ReadAtAddressOrOffset(ulong address, ulong offset, ulong size, string what)
        {
            if (address != 0 && TryMapAddress(address, out ulong mapped, out ulong available))
            {
                return ReadRange(mapped, Math.Min(size, available), what);
            }
            return ReadRange(offset, size, what);
        }

        private static ElfBytes ReadVarintBytes(ElfBytes data, ref int cursor, string what)
        {
            if (!data.TryPeekUleb128(cursor, out ulong length, out int taken))
            {
                ElfThrow.Format(what + " has a damaged length", data.FileOffset + Math.Min(cursor, data.Length));
            }
            cursor += taken;
            if (length > (ulong)(data.Length - cursor))
            {
                ElfThrow.Format(what + " length runs past the data read (" + (data.Length - cursor) + " bytes)", data.FileOffset + cursor, length);
            }
            ElfBytes value = data.Slice(cursor, (int)length);
            cursor += (int)length;
            return value;
        }

        private static ulong ReadGoPointer(ElfBytes data, int offset, int size, bool bigEndian)
        {
            // The header's own byte order flag decides, whatever the ELF header says.
            ElfBytes raw = data.Slice(offset, size);
            ulong value = 0;
            for (int i = 0; i < size; i++)
            {
                int shift = bigEndian ? (size - 1 - i) * 8 : i * 8;
                value |= (ulong)raw.PeekByte(i) << shift;
            }
            return value;
        }

        private ElfBytes ReadGoString(ulong headerAddress, int pointerSize, bool bigEndian, long pointerOffset)
        {
            var empty = new ElfBytes(Array.Empty<byte>(), 0, 0, bigEndian, 0);
            if (!TryMapAddress(headerAddress, out ulong offset, out ulong available) || available < (ulong)(2 * pointerSize))
            {
                Warn("Go build info points at unmapped address 0x" + headerAddress.ToString("x"), pointerOffset);
                return empty;
            }
            ElfBytes header = ReadRange(offset, (ulong)(2 * pointerSize), "Go string header");
            ulong dataAddress = ReadGoPointer(header, 0, pointerSize, bigEndian);
            ulong length = ReadGoPointer(header, pointerSize, pointerSize, bigEndian);
            if (length == 0)
            {
                return empty;
            }
            if (length > GoSearchWindow * 16 || !TryMapAddress(dataAddress, out ulong dataOffset, out ulong dataAvailable) || dataAvailable < length)
            {
                Warn("Go build info string at 0x" + dataAddress.ToString("x") + " (length " + length + ") is not in the file", (long)offset);
                return empty;
            }
            return ReadRange(dataOffset, length, "Go string");
        }

        private static string Utf8(ElfBytes bytes) => bytes.Length == 0 ? "" : bytes.PeekUtf8(0, bytes.Length);

        // cmd/go wraps modinfo in two 16-byte binary sentinels; the text in between ends with '\n'.
        private static string ModuleText(ElfBytes modinfo) =>
            modinfo.Length >= 33 && modinfo.PeekByte(modinfo.Length - 17) == (byte)'\n' ? modinfo.PeekUtf8(16, modinfo.Length - 32) : "";
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GlibcGuard.Inputs
{
    /// <summary>What a tar entry is.</summary>
    internal enum TarEntryKind
    {
        File,
        HardLink,
        SymbolicLink,
        Directory,
        /// <summary>A device node, a FIFO, or a GNU sparse file: never read.</summary>
        Special,
    }

    /// <summary>One entry's header, after pax and GNU long-name records are applied.</summary>
    internal sealed class TarEntry
    {
        public TarEntry(string name, TarEntryKind kind, long size, string linkName, char type, long headerOffset)
        {
            Name = name;
            Kind = kind;
            Size = size;
            LinkName = linkName;
            Type = type;
            HeaderOffset = headerOffset;
        }

        public string Name { get; }
        public TarEntryKind Kind { get; }
        /// <summary>Bytes of data that follow the header (a regular file's length).</summary>
        public long Size { get; }
        public string LinkName { get; }
        /// <summary>The header's type flag, as written.</summary>
        public char Type { get; }
        /// <summary>Where the header starts in the tar stream.</summary>
        public long HeaderOffset { get; }
        /// <summary>Where the data starts in the tar stream.</summary>
        public long DataOffset => HeaderOffset + 512;
    }

    /// <summary>
    /// Reads a tar stream (POSIX ustar, pax extended headers, GNU long names) one entry at a time, forward only, so
    /// a gzip stream can be read as it inflates. Nothing in a header is trusted: checksums are checked, sizes and
    /// names bounded; a damaged header is a <see cref="ContainerFormatException"/> naming the offset. The caller reads
    /// an entry's data with <see cref="Read"/> before asking for the next; what it leaves is skipped.
    /// </summary>
    internal sealed class TarReader
    {
        /// <summary>A pax record or GNU long name longer than this is not a name.</summary>
        private const int MaxMetadata = 1 << 20;

        private readonly Stream _stream;
        private readonly string _what;
        private readonly byte[] _block = new byte[512];
        private long _position;
        private long _remaining;   // data bytes of the current entry not yet read
        private long _padding;     // bytes after them, to the next 512-byte boundary

        public TarReader(Stream stream, string what)
        {
            _stream = stream;
            _what = what;
        }

        /// <summary>Bytes of the tar stream consumed so far.</summary>
        public long Position => _position;

        /// <summary>The next entry, or null at the end of the archive (two zero blocks, or the end of the stream).</summary>
        public TarEntry? Next()
        {
            Skip(_remaining + _padding);
            _remaining = _padding = 0;
            string? longName = null, longLink = null;
            Dictionary<string, string>? pax = null;
            while (true)
            {
                long headerOffset = _position;
                if (!ReadBlock())
                {
                    return null;
                }
                if (IsZero(_block))
                {
                    return null;
                }
                if (!ChecksumMatches())
                {
                    throw new ContainerFormatException(_what + ": a tar header's checksum does not match", headerOffset);
                }
                char type = (char)_block[156];
                long size = Number(124, 12, headerOffset);
                if (type == 'x' || type == 'g' || type == 'L' || type == 'K')
                {
                    if (size > MaxMetadata)
                    {
                        throw new ContainerFormatException(_what + ": a tar metadata record of " + size.ToString(CultureInfo.InvariantCulture) + " bytes (at most " + MaxMetadata + ")", headerOffset);
                    }
                    byte[] data = new byte[size];
                    ReadExactly(data, (int)size);
                    Skip(Pad(size));
                    if (type == 'L') longName = CString(data, 0, data.Length);
                    else if (type == 'K') longLink = CString(data, 0, data.Length);
                    else if (type == 'x') pax = ParsePax(data, headerOffset);
                    // 'g': global pax records name nothing a layer needs.
                    continue;
                }

                string name = longName ?? Field(0, 100);
                string prefix = Field(345, 155);
                if (longName is null && prefix.Length > 0 && _block[257] == (byte)'u') name = prefix + "/" + name;
                string link = longLink ?? Field(157, 100);
                if (pax != null)
                {
                    if (pax.TryGetValue("path", out string? p)) name = p;
                    if (pax.TryGetValue("linkpath", out string? l)) link = l;
                    if (pax.TryGetValue("size", out string? s))
                    {
                        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out size))
                        {
                            throw new ContainerFormatException(_what + ": a pax size '" + s + "' is not a number", headerOffset);
                        }
                    }
                }
                TarEntryKind kind = type switch
                {
                    '0' or '\0' or '7' => TarEntryKind.File,
                    '1' => TarEntryKind.HardLink,
                    '2' => TarEntryKind.SymbolicLink,
                    '5' => TarEntryKind.Directory,
                    _ => TarEntryKind.Special,
                };
                // Links, folders, devices and FIFOs have no data blocks, whatever their size field says (POSIX);
                // other types (a GNU sparse file, a vendor's) are skipped by their size.
                _remaining = type >= '1' && type <= '6' ? 0 : size;
                _padding = Pad(_remaining);
                return new TarEntry(name, kind, _remaining, link, type, headerOffset);
            }
        }

        /// <summary>Reads up to <paramref name="count"/> bytes of the current entry's data; 0 at its end.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (_remaining <= 0) return 0;
            int n = _stream.Read(buffer, offset, (int)Math.Min(count, _remaining));
            if (n <= 0)
            {
                throw new ContainerFormatException(_what + ": the tar stream ends inside an entry's data", _position);
            }
            _remaining -= n;
            _position += n;
            return n;
        }

        private static long Pad(long size) => (512 - size % 512) % 512;

        private bool ReadBlock()
        {
            int got = 0;
            while (got < 512)
            {
                int n = _stream.Read(_block, got, 512 - got);
                if (n <= 0) break;
                got += n;
            }
            _position += got;
            if (got == 0) return false;
            if (got < 512) throw new ContainerFormatException(_what + ": the tar stream ends inside a header", _position - got);
            return true;
        }

        private void ReadExactly(byte[] data, int count)
        {
            int got = 0;
            while (got < count)
            {
                int n = _stream.Read(data, got, count - got);
                if (n <= 0) throw new ContainerFormatException(_what + ": the tar stream ends inside a metadata record", _position);
                got += n;
                _position += n;
            }
        }

        private readonly byte[] _skip = new byte[81920];

        private void Skip(long count)
        {
            if (count <= 0) return;
            if (_stream.CanSeek)
            {
                long target = _stream.Position + count;
                if (target > _stream.Length) throw new ContainerFormatException(_what + ": the tar stream ends inside an entry's data", _position);
                _stream.Position = target;
                _position += count;
                return;
            }
            while (count > 0)
            {
                int n = _stream.Read(_skip, 0, (int)Math.Min(_skip.Length, count));
                if (n <= 0) throw new ContainerFormatException(_what + ": the tar stream ends inside an entry's data", _position);
                count -= n;
                _position += n;
            }
        }

        private static bool IsZero(byte[] block)
        {
            foreach (byte b in block)
            {
                if (b != 0) return false;
            }
            return true;
        }

        private bool ChecksumMatches()
        {
            long stored;
            try
            {
                stored = Number(148, 8, _position - 512);
            }
            catch (ContainerFormatException)
            {
                return false;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? (byte)' ' : _block[i];
            return sum == stored;
        }

        /// <summary>An octal field (NUL- or space-terminated), or GNU's base-256 form for large values.</summary>
        private long Number(int offset, int length, long headerOffset)
        {
            if ((_block[offset] & 0x80) != 0)
            {
                long value = 0;
                for (int i = offset + 1; i < offset + length; i++)
                {
                    if (value > (long.MaxValue >> 8)) throw new ContainerFormatException(_what + ": a tar number field is too large", headerOffset);
                    value = (value << 8) | _block[i];
                }
                return value;
            }
            long v = 0;
            int at = offset, end = offset + length;
            while (at < end && _block[at] == ' ') at++;
            for (; at < end; at++)
            {
                byte b = _block[at];
                if (b == 0 || b == ' ') break;
                if (b < '0' || b > '7') throw new ContainerFormatException(_what + ": a tar number field holds '" + (char)b + "'", headerOffset + (at - offset));
                v = (v << 3) | (long)(b - '0');
            }
            return v;
        }

        private string Field(int offset, int length) => CString(_block, offset, length);

        private static string CString(byte[] data, int offset, int length)
        {
            int end = offset;
            while (end < offset + length && data[end] != 0) end++;
            return Encoding.UTF8.GetString(data, offset, end - offset);
        }

        /// <summary>"LEN key=value\n" records.</summary>
        private Dictionary<string, string> ParsePax(byte[] data, long headerOffset)
        {
            var records = new Dictionary<string, string>(StringComparer.Ordinal);
            int at = 0;
            while (at < data.Length && data[at] != 0)
            {
                int space = Array.IndexOf(data, (byte)' ', at);
                if (space < 0 || !int.TryParse(Encoding.ASCII.GetString(data, at, space - at), NumberStyles.None, CultureInfo.InvariantCulture, out int length) ||
                    length <= space - at || at + length > data.Length || data[at + length - 1] != (byte)'\n')
                {
                    throw new ContainerFormatException(_what + ": a pax record is malformed", headerOffset);
                }
                string record = Encoding.UTF8.GetString(data, space + 1, at + length - space - 2);
                int equals = record.IndexOf('=');
                if (equals > 0) records[record.Substring(0, equals)] = record.Substring(equals + 1);
                at += length;
            }
            return records;
        }
    }
}

using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace GlibcGuard.Elf
{
    partial class ElfSource
    {
        /// <summary>Reads up to <paramref name="buffer"/>'s length from the start of a file: one open, one read.</summary>
        internal static int ReadPrefix(string path, byte[] buffer)
        {
            using (SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                int total = 0, n;
                while (total < buffer.Length && (n = RandomAccess.Read(handle, new Span<byte>(buffer, total, buffer.Length - total), total)) > 0)
                {
                    total += n;
                }
                return total;
            }
        }

        // .NET: positional reads (pread) on a handle; no stream buffer, no seek state.
        private sealed partial class FileSource
        {
            private readonly SafeFileHandle _handle;
            private readonly long _length;

            public FileSource(string path)
            {
                _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                try
                {
                    _length = RandomAccess.GetLength(_handle);
                }
                catch
                {
                    _handle.Dispose();
                    throw;
                }
            }

            private int ReadFile(long offset, byte[] buffer, int index, int count) =>
                RandomAccess.Read(_handle, new Span<byte>(buffer, index, count), offset);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _handle.Dispose();
                    ReturnHead();
                }
            }
        }
    }
}

using System.IO;

namespace GlibcGuard.Elf
{
    partial class ElfSource
    {
        /// <summary>Reads up to <paramref name="buffer"/>'s length from the start of a file.</summary>
        internal static int ReadPrefix(string path, byte[] buffer)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1))
            {
                int total = 0, n;
                while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
                {
                    total += n;
                }
                return total;
            }
        }

        // netstandard2.0 (the .NET Framework MSBuild task): an unbuffered FileStream, seek then read.
        private sealed partial class FileSource
        {
            private readonly FileStream _stream;
            private readonly long _length;

            public FileSource(string path)
            {
                _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
                _length = _stream.Length;
            }

            private int ReadFile(long offset, byte[] buffer, int index, int count)
            {
                _stream.Position = offset;
                return _stream.Read(buffer, index, count);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _stream.Dispose();
                    ReturnHead();
                }
            }
        }
    }
}

using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Standard output as a plain stream on file descriptor 1. Console's own stream sets up the terminal and a
    /// signal-handling thread at its first write, which cost a one-file check 8% of its CPU (docs/performance.md);
    /// a report needs neither. A reader that went away (EPIPE: `glibcguard check … | head`) ends the output quietly, as with
    /// Console; any other failure (a full disk, a closed descriptor) is a <see cref="StandardOutputException"/>,
    /// which <see cref="Program.Main"/> reports with a code.
    /// </summary>
    internal sealed class StandardOutput : Stream
    {
        private const int BrokenPipe = 32; // EPIPE on Linux
        private readonly Stream? _file;
        private string? _failure;
        private bool _broken;

        private StandardOutput(Stream? file, string? failure)
        {
            _file = file;
            _failure = failure;
        }

        /// <summary>Descriptor 1 as a stream; a descriptor that cannot be opened fails at the first write.</summary>
        public static StandardOutput Open()
        {
            try
            {
                return new StandardOutput(new FileStream(new SafeFileHandle((IntPtr)1, ownsHandle: false), FileAccess.Write, bufferSize: 0), null);
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return new StandardOutput(null, e.Message);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(new ReadOnlySpan<byte>(buffer, offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_broken || buffer.IsEmpty) return;
            if (_failure != null || _file is null) throw new StandardOutputException(_failure ?? "");
            try
            {
                _file.Write(buffer);
            }
            catch (IOException e) when (e.HResult == BrokenPipe)
            {
                _broken = true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                _failure = (e.InnerException as IOException)?.Message ?? e.Message;
                throw new StandardOutputException(_failure);
            }
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _file?.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Standard output could not be written (not a closed pipe): the reason, as the system gave it.</summary>
    internal sealed class StandardOutputException : IOException
    {
        public StandardOutputException(string reason) : base(reason)
        {
        }
    }
}

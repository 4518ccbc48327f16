using System;
using System.IO;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Standard output: Console's stream (it writes with write(2), so that a file shared with standard error, as in
    /// `> log 2>&1`, gets both in order; a positional stream on descriptor 1 would write over what standard error put
    /// there). A reader that went away (EPIPE: `glibcguard check … | head`) ends the output quietly, as Console does;
    /// any other failure (a full disk, a closed descriptor) is a <see cref="StandardOutputException"/>, which
    /// <see cref="Program.Main"/> reports with a code instead of a crash.
    /// </summary>
    internal sealed class StandardOutput : Stream
    {
        private readonly Stream? _console;
        private string? _failure;

        private StandardOutput(Stream? console, string? failure)
        {
            _console = console;
            _failure = failure;
        }

        /// <summary>Standard output; one that cannot be opened (a closed descriptor) fails at the first write.</summary>
        public static StandardOutput Open()
        {
            try
            {
                return new StandardOutput(Console.OpenStandardOutput(), null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new StandardOutput(null, (e.InnerException as IOException)?.Message ?? e.Message);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(new ReadOnlySpan<byte>(buffer, offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty) return;
            if (_failure != null || _console is null) throw new StandardOutputException(_failure ?? "");
            try
            {
                _console.Write(buffer); // Console's stream drops what a closed pipe refuses
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
            if (disposing) _console?.Dispose();
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

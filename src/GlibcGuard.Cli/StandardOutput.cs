using System;
using System.IO;
using System.Runtime.InteropServices;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Standard output. On Linux, write(2) on descriptor 1 itself: it writes at the descriptor's shared offset, so
    /// that a file shared with standard error, as in `> log 2>&1`, gets both in order (a positional stream on
    /// descriptor 1 would write over what standard error put there), and it skips what Console sets up before its
    /// first write (the terminal's description, signal handling), which is a tenth of a one-file check's CPU.
    /// Elsewhere, Console's stream. A reader that went away (EPIPE: `glibcguard check … | head`) ends the output
    /// quietly, as Console does; any other failure (a full disk, a closed descriptor) is a
    /// <see cref="StandardOutputException"/>, which <see cref="Program.Main"/> reports with a code instead of a crash.
    /// </summary>
    internal sealed class StandardOutput : Stream
    {
        private Stream? _console;
        private bool _direct;
        private bool _readerGone;
        private string? _failure;
        private readonly WriteCall _write = WriteToDescriptor1;
        private readonly Func<Stream> _openConsole = Console.OpenStandardOutput;

        /// <summary>One write(2) of <paramref name="bytes"/>: the count written, or -1 and the error number.</summary>
        internal delegate nint WriteCall(ReadOnlySpan<byte> bytes, out int error);

        private StandardOutput(Stream? console, bool direct, string? failure)
        {
            _console = console;
            _direct = direct;
            _failure = failure;
        }

        /// <summary>The direct path with another write(2) and another Console stream (tests: errors, short writes, no "libc").</summary>
        internal StandardOutput(WriteCall write, Func<Stream> openConsole)
        {
            _direct = true;
            _write = write;
            _openConsole = openConsole;
        }

        /// <summary>Standard output; one that cannot be opened (a closed descriptor) fails at the first write.</summary>
        public static StandardOutput Open()
        {
            if (OperatingSystem.IsLinux()) return new StandardOutput(null, direct: true, null);
            try
            {
                return new StandardOutput(Console.OpenStandardOutput(), direct: false, null);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return new StandardOutput(null, direct: false, (e.InnerException as IOException)?.Message ?? e.Message);
            }
        }

        // Linux's numbers (the direct path is taken on Linux only).
        private const int EINTR = 4, EAGAIN = 11, EPIPE = 32;

        // The C library's write(2): the executable is linked against it (a direct call in the NativeAOT build).
        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        private static extern nint SystemWrite(int descriptor, ref byte buffer, nint count);

        private static nint WriteToDescriptor1(ReadOnlySpan<byte> bytes, out int error)
        {
            nint written = SystemWrite(1, ref MemoryMarshal.GetReference(bytes), bytes.Length);
            error = written < 0 ? Marshal.GetLastPInvokeError() : 0;
            return written;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(new ReadOnlySpan<byte>(buffer, offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty || _readerGone) return;
            if (_failure != null) throw new StandardOutputException(_failure);
            if (_direct && TryWriteDirect(buffer))
            {
                return;
            }
            if (_console is null) throw new StandardOutputException("");
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

        /// <summary>Writes all of <paramref name="buffer"/> with write(2); false, and Console's stream from then on, where no C library answers to "libc".</summary>
        private bool TryWriteDirect(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                nint written;
                int error;
                try
                {
                    written = _write(buffer, out error);
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                {
                    // The framework-dependent tool on a system where the runtime finds no "libc": nothing was written.
                    _direct = false;
                    try
                    {
                        _console = _openConsole();
                    }
                    catch (Exception open) when (open is IOException || open is UnauthorizedAccessException)
                    {
                        _failure = (open.InnerException as IOException)?.Message ?? open.Message;
                        throw new StandardOutputException(_failure);
                    }
                    return false;
                }
                if (written >= 0)
                {
                    buffer = buffer.Slice((int)written);
                    continue;
                }
                if (error == EINTR) continue;
                if (error == EAGAIN)
                {
                    System.Threading.Thread.Sleep(1); // a non-blocking descriptor whose reader is behind
                    continue;
                }
                if (error == EPIPE)
                {
                    _readerGone = true; // the runtime ignores SIGPIPE: the reader is gone, and so is the rest
                    return true;
                }
                _failure = Marshal.GetPInvokeErrorMessage(error);
                throw new StandardOutputException(_failure);
            }
            return true;
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

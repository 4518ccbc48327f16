using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using GlibcGuard.Cli;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>
    /// Standard output's write(2) loop with a scripted write(2) in place of the C library's: what each answer of the
    /// system makes of the output. (The packed tool's real descriptor — a full disk, a closed descriptor, a closed
    /// pipe, a file shared with standard error — is ToolPackageTests' part.)
    /// </summary>
    [TestFixture]
    public class StandardOutputTests
    {
        private sealed class Script
        {
            private readonly Queue<(int Take, int Error)> _answers;
            public readonly MemoryStream Written = new MemoryStream();
            public int Calls;

            public Script(params (int Take, int Error)[] answers) => _answers = new Queue<(int, int)>(answers);

            // Each call takes the next answer: Take bytes written (-1: failed with Error); when none is left, all of them.
            public nint Write(ReadOnlySpan<byte> bytes, out int error)
            {
                Calls++;
                (int take, int err) = _answers.Count > 0 ? _answers.Dequeue() : (bytes.Length, 0);
                error = err;
                if (take < 0) return -1;
                take = Math.Min(take, bytes.Length);
                Written.Write(bytes.Slice(0, take));
                return take;
            }
        }

        private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

        private static string Text(MemoryStream m) => Encoding.UTF8.GetString(m.ToArray());

        [Test]
        public void Short_writes_and_interrupted_calls_are_continued_until_all_is_written()
        {
            var script = new Script((3, 0), (-1, 4 /* EINTR */), (2, 0), (-1, 11 /* EAGAIN */));
            var output = new StandardOutput(script.Write, () => throw new AssertionException("no fallback expected"));
            output.Write(Bytes("hello, world"));
            Assert.That(Text(script.Written), Is.EqualTo("hello, world"));
            Assert.That(script.Calls, Is.EqualTo(5));
        }

        [Test]
        public void A_reader_that_went_away_ends_the_output_quietly()
        {
            var script = new Script((5, 0), (-1, 32 /* EPIPE */));
            var output = new StandardOutput(script.Write, () => throw new AssertionException("no fallback expected"));
            output.Write(Bytes("first line\n"));
            output.Write(Bytes("second line\n"));
            Assert.That(Text(script.Written), Is.EqualTo("first"));
            Assert.That(script.Calls, Is.EqualTo(2), "nothing more is tried once the reader is gone");
        }

        [Test]
        public void Any_other_error_is_a_StandardOutputException_with_the_systems_words_and_stays_one()
        {
            var script = new Script((-1, 28 /* ENOSPC */));
            var output = new StandardOutput(script.Write, () => throw new AssertionException("no fallback expected"));
            var e = Assert.Throws<StandardOutputException>(() => output.Write(Bytes("report")));
            Assert.That(e!.Message, Is.EqualTo("No space left on device"));
            Assert.Throws<StandardOutputException>(() => output.Write(Bytes("more")));
            Assert.That(script.Calls, Is.EqualTo(1));
        }

        [Test]
        public void Without_a_C_library_called_libc_the_output_goes_to_Consoles_stream()
        {
            int calls = 0;
            var console = new MemoryStream();
            var output = new StandardOutput((ReadOnlySpan<byte> _, out int error) =>
            {
                calls++;
                throw new DllNotFoundException("libc");
            }, () => console);
            output.Write(Bytes("one "));
            output.Write(Bytes("two"));
            Assert.That(Text(console), Is.EqualTo("one two"), "nothing lost, nothing twice");
            Assert.That(calls, Is.EqualTo(1), "write(2) is not tried again");
        }
    }
}

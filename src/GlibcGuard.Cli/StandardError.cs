using System;
using System.IO;
using System.Text;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Standard error, made on the first write: most runs write nothing there, and making Console.Error (its encoding
    /// from the locale, its stream and writer) cost a one-file check about 2% of its CPU.
    /// </summary>
    internal sealed class StandardError : TextWriter
    {
        private TextWriter? _writer;

        private TextWriter Writer => _writer ??= Console.Error;

        public override Encoding Encoding => Writer.Encoding;

        public override void Write(char value) => Writer.Write(value);

        public override void Write(char[] buffer, int index, int count) => Writer.Write(buffer, index, count);

        public override void Write(string? value) => Writer.Write(value);

        public override void WriteLine() => Writer.WriteLine();

        public override void WriteLine(string? value) => Writer.WriteLine(value);

        public override void Flush() => _writer?.Flush();
    }
}

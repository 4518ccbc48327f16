using System;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// The file is not a well-formed ELF object: a header, table, count, link or string is out of range or
    /// inconsistent. <see cref="Offset"/> is the file offset of the offending record or field.
    /// </summary>
    /// <remarks>
    /// The message is lowercase and names the structure, the field, the value and the limit, for example
    /// "verneed record 3 has vn_next 0x40 beyond the table (size 0x30) at byte 0x4f0". Callers that know the
    /// file path put it in front.
    /// </remarks>
    internal sealed class ElfFormatException : BadImageFormatException
    {
        /// <summary>Creates an exception for damage found at <paramref name="offset"/>.</summary>
        public ElfFormatException(string message, long offset, object? value = null)
            : base(Render(message, offset, value))
        {
            Reason = message;
            Offset = offset;
            Value = value;
        }

        /// <summary>What is wrong, without the offset.</summary>
        public string Reason { get; }

        /// <summary>File offset of the damaged structure or field; -1 when the damage has no position.</summary>
        public long Offset { get; }

        /// <summary>The offending value, when there is one.</summary>
        public object? Value { get; }

        /// <summary>
        /// True when the damage is only that a record ran past the bytes read: a reader that guessed the size of a
        /// table may read more and try again. Any other damage is final.
        /// </summary>
        internal bool RanPastTable { get; set; }

        private static string Render(string message, long offset, object? value)
        {
            string text = value is null ? message : message + " '" + ElfNames.FormatValue(value) + "'";
            return offset >= 0 ? text + " at byte 0x" + offset.ToString("x") : text;
        }
    }
}

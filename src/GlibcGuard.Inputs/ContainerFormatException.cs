using System;
using System.Globalization;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// A container (a single-file bundle's manifest, a package's zip structure) is damaged. Like the reader's
    /// errors it names what is wrong and where: the file offset (of the outer file) and the value found.
    /// </summary>
    internal sealed class ContainerFormatException : Exception
    {
        public ContainerFormatException(string reason, long offset, object? value = null)
            : base(Format(reason, offset, value))
        {
            Reason = reason;
            Offset = offset;
            Value = value;
        }

        /// <summary>A container that would take more than its read budget (<see cref="ReadBudget"/>): not damaged, but not read.</summary>
        internal static ContainerFormatException Budget(string reason, long offset) => new ContainerFormatException(reason, offset) { OverBudget = true };

        /// <summary>True when the container was refused for its size, not for damage.</summary>
        public bool OverBudget { get; private set; }

        /// <summary>What is wrong, without the position.</summary>
        public string Reason { get; }
        /// <summary>File offset of the damage; -1 when it has none (a zip's own error).</summary>
        public long Offset { get; }
        /// <summary>The value found there, when one says more than the reason.</summary>
        public object? Value { get; }

        private static string Format(string reason, long offset, object? value) =>
            reason + (offset >= 0 ? " (at byte 0x" + offset.ToString("x", CultureInfo.InvariantCulture) + ")" : "") +
            (value != null ? " (value " + Convert.ToString(value, CultureInfo.InvariantCulture) + ")" : "");
    }
}

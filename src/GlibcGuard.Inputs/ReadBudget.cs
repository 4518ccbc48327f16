using System;
using System.Globalization;
using System.Threading;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// How many bytes reading may take out of containers: inflated from a package's entries or a bundle's
    /// compressed entries, copied out of a bundle's stored entries, spilled to temporary files (a part of what is
    /// inflated). Each container has its own allowance and the whole run one more; the bytes are charged before
    /// they are inflated or allocated, so a container that declares more than it may have is refused before any
    /// work is done. One budget serves one run (one `glibcguard` command); it is safe to share across threads.
    /// </summary>
    internal sealed class ReadBudget
    {
        /// <summary>Default allowance per container: 1 GiB, ten times the largest library in the real-world packages (OpenCV, 114 MB).</summary>
        public const long DefaultPerContainer = 1L << 30;

        /// <summary>Default allowance per run: 4 GiB.</summary>
        public const long DefaultPerRun = 4L << 30;

        private long _runUsed;

        public ReadBudget(long perContainer = DefaultPerContainer, long perRun = DefaultPerRun)
        {
            if (perContainer <= 0) throw new ArgumentOutOfRangeException(nameof(perContainer));
            if (perRun <= 0) throw new ArgumentOutOfRangeException(nameof(perRun));
            PerContainer = perContainer;
            PerRun = perRun;
        }

        public long PerContainer { get; }
        public long PerRun { get; }

        /// <summary>Bytes charged so far in this run.</summary>
        public long RunUsed => Interlocked.Read(ref _runUsed);

        /// <summary>A fresh allowance for one container (a package, a bundle), drawing on this run's.</summary>
        public ContainerAllowance ForContainer(string container) => new ContainerAllowance(this, container);

        internal bool TryChargeRun(long bytes)
        {
            long after = Interlocked.Add(ref _runUsed, bytes);
            if (after <= PerRun)
            {
                return true;
            }
            Interlocked.Add(ref _runUsed, -bytes);
            return false;
        }

        /// <summary>"1 GiB", "256 MiB", "1500 bytes".</summary>
        public static string Describe(long bytes)
        {
            if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) return (bytes >> 30).ToString(CultureInfo.InvariantCulture) + " GiB";
            if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) return (bytes >> 20).ToString(CultureInfo.InvariantCulture) + " MiB";
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        /// <summary>Parses "1G", "512M", "64K", "1000" (bytes; K, M and G are powers of 1024); false for anything else.</summary>
        public static bool TryParseSize(string? text, out long bytes)
        {
            bytes = 0;
            if (string.IsNullOrWhiteSpace(text)) return false;
            string t = text!.Trim();
            int shift = 0;
            char last = char.ToUpperInvariant(t[t.Length - 1]);
            if (last == 'K' || last == 'M' || last == 'G')
            {
                shift = last == 'K' ? 10 : last == 'M' ? 20 : 30;
                t = t.Substring(0, t.Length - 1);
            }
            if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0 || value > long.MaxValue >> shift)
            {
                return false;
            }
            bytes = value << shift;
            return true;
        }
    }

    /// <summary>One container's share of a <see cref="ReadBudget"/>.</summary>
    internal sealed class ContainerAllowance
    {
        private readonly ReadBudget _budget;
        private readonly string _container;
        private long _used;

        internal ContainerAllowance(ReadBudget budget, string container)
        {
            _budget = budget;
            _container = container;
        }

        /// <summary>Bytes charged to this container so far.</summary>
        public long Used => _used;

        /// <summary>
        /// Charges <paramref name="bytes"/> about to be inflated or copied for <paramref name="what"/>; throws
        /// <see cref="ContainerFormatException"/> (with <see cref="ContainerFormatException.OverBudget"/>) when
        /// the container's or the run's allowance would be exceeded. Nothing is charged then.
        /// </summary>
        public void Charge(long bytes, string what, long offset)
        {
            if (bytes <= 0) return;
            if (bytes > _budget.PerContainer - _used)
            {
                throw ContainerFormatException.Budget(
                    _container + " would need more than its read budget of " + ReadBudget.Describe(_budget.PerContainer) + " to read " + what +
                    " (" + (_used + bytes).ToString(CultureInfo.InvariantCulture) + " bytes inflated or copied in all)", offset);
            }
            if (!_budget.TryChargeRun(bytes))
            {
                throw ContainerFormatException.Budget(
                    "reading " + what + " would take this run past its read budget of " + ReadBudget.Describe(_budget.PerRun) +
                    " (bytes inflated or copied out of every container)", offset);
            }
            _used += bytes;
        }
    }
}

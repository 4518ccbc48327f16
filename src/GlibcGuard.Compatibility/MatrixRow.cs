using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>One row of the "where does it run" matrix: a set's, or one file's, verdict on one baseline.</summary>
    internal sealed class MatrixRow
    {
        public MatrixRow(Baseline baseline, string? reason, IReadOnlyList<string> requires)
        {
            Baseline = baseline;
            _reason = reason;
            Requires = requires;
        }

        /// <summary>A file's row: its reason is the blocking finding's, put into words only if someone reads it.</summary>
        public MatrixRow(Baseline baseline, Finding? blocker, IReadOnlyList<string> requires)
        {
            Baseline = baseline;
            _blocker = blocker;
            Requires = requires;
        }

        private readonly string? _reason;
        private readonly Finding? _blocker;

        public Baseline Baseline { get; }
        /// <summary>Why the set does not run there, or null when it does.</summary>
        public string? Reason => _reason ?? _blocker?.Reason;
        public bool Passes => _reason is null && _blocker is null;
        /// <summary>
        /// When it passes, what must be installed beyond the baseline's own libraries: sonames the set needs and does
        /// not ship (GG1004), "ICU" and "OpenSSL" the .NET runtime loads (GG1019, GG1020). Empty: a minimal install runs it.
        /// </summary>
        public IReadOnlyList<string> Requires { get; }
    }
}

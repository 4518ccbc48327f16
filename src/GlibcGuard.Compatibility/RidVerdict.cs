using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>Whether a portable set runs on the baseline when it is run as one RID.</summary>
    internal sealed class RidVerdict
    {
        public RidVerdict(RuntimeIdentifier rid, int files, string? reason, IReadOnlyList<string> requires, IReadOnlyList<string> runsOn)
        {
            Rid = rid;
            Files = files;
            Reason = reason;
            Requires = requires;
            RunsOn = runsOn;
        }

        public RuntimeIdentifier Rid { get; }
        /// <summary>How many of the set's files a publish for this RID takes.</summary>
        public int Files { get; }
        /// <summary>Why it does not run on the baseline as this RID, or null when it does.</summary>
        public string? Reason { get; }
        public bool Runs => Reason is null;
        /// <summary>What must be installed on the baseline for it to run as this RID ("libsasl2.so.3", "ICU").</summary>
        public IReadOnlyList<string> Requires { get; }
        /// <summary>Where it runs as this RID ("RHEL 8+", …).</summary>
        public IReadOnlyList<string> RunsOn { get; }
    }
}

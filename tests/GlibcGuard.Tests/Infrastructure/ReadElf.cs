using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// binutils readelf's view of a file, parsed from its text output: the reference our reader must agree with.
    /// </summary>
    internal sealed class ReadElf
    {
        public string Class = "", Data = "", Type = "", Machine = "";
        public string? Interpreter, Soname, Rpath, Runpath, BuildId, AbiKernel, IsaNeeded;
        public bool? GnuStackExecutable;
        public List<string> Needed = new();
        /// <summary>DT_FLAGS then DT_FLAGS_1 names, as readelf prints them.</summary>
        public List<string> Flags = new();
        /// <summary>(library, version, weak, index) from .gnu.version_r.</summary>
        public List<(string Library, string Version, bool Weak, int Index)> VersionNeeds = new();
        /// <summary>(symbol, version) for every undefined versioned dynamic symbol.</summary>
        public List<(string Symbol, string Version)> VersionedImports = new();
        public List<string> VersionDefinitions = new();

        /// <summary>The highest GLIBC_x.y version node `readelf -V` shows for the file (needed or defined).</summary>
        public static System.Version MaxGlibc(string path)
        {
            string versions = Run("-V", path);
            return System.Text.RegularExpressions.Regex.Matches(versions, @"GLIBC_(\d+\.\d+(?:\.\d+)?)")
                .Select(m => new System.Version(m.Groups[1].Value)).Max()!;
        }

        public static ReadElf Of(string path)
        {
            var r = new ReadElf();
            string header = Run("-h", path);
            r.Class = Field(header, "Class");
            r.Data = Field(header, "Data");
            r.Type = Field(header, "Type");
            r.Machine = Field(header, "Machine");

            string segments = Run("-lW", path);
            Match interp = Regex.Match(segments, @"Requesting program interpreter: (.*)\]");
            r.Interpreter = interp.Success ? interp.Groups[1].Value : null;
            Match stack = Regex.Match(segments, @"^\s*GNU_STACK\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+([RWE ]+?)\s+0x", RegexOptions.Multiline);
            r.GnuStackExecutable = stack.Success ? stack.Groups[1].Value.Contains('E') : null;

            string dynamic = Run("-dW", path);
            foreach (Match m in Regex.Matches(dynamic, @"\(NEEDED\)\s+Shared library: \[(.*)\]")) r.Needed.Add(m.Groups[1].Value);
            Match flags = Regex.Match(dynamic, @"\(FLAGS\)\s+(.*)$", RegexOptions.Multiline);
            if (flags.Success) r.Flags.AddRange(flags.Groups[1].Value.Split(' ', System.StringSplitOptions.RemoveEmptyEntries));
            Match flags1 = Regex.Match(dynamic, @"\(FLAGS_1\)\s+Flags: (.*)$", RegexOptions.Multiline);
            if (flags1.Success) r.Flags.AddRange(flags1.Groups[1].Value.Split(' ', System.StringSplitOptions.RemoveEmptyEntries));
            r.Soname = Bracket(dynamic, "SONAME");
            r.Rpath = Bracket(dynamic, "RPATH");
            r.Runpath = Bracket(dynamic, "RUNPATH");

            string versions = Run("-VW", path);
            string? file = null;
            bool inNeeds = false, inDefs = false;
            foreach (string line in versions.Split('\n'))
            {
                if (line.StartsWith("Version needs section")) { inNeeds = true; inDefs = false; continue; }
                if (line.StartsWith("Version definition section")) { inDefs = true; inNeeds = false; continue; }
                if (line.StartsWith("Version symbols section")) { inDefs = inNeeds = false; continue; }
                Match f = Regex.Match(line, @"File: (\S+)\s+Cnt:");
                if (inNeeds && f.Success) { file = f.Groups[1].Value; continue; }
                Match n = Regex.Match(line, @"Name: (\S+)\s+Flags: (.*?)\s+Version: (\d+)");
                if (inNeeds && n.Success && file != null)
                {
                    r.VersionNeeds.Add((file, n.Groups[1].Value, n.Groups[2].Value.Contains("WEAK"), int.Parse(n.Groups[3].Value)));
                }
                Match d = Regex.Match(line, @"Rev: \d+\s+Flags: (.*?)\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)");
                if (inDefs && d.Success && !d.Groups[1].Value.Contains("BASE")) r.VersionDefinitions.Add(d.Groups[2].Value);
            }

            string symbols = Run("--dyn-syms -W", path);
            foreach (Match m in Regex.Matches(symbols, @"^\s*\d+:\s+[0-9a-f]+\s+\d+\s+\w+\s+\w+\s+\w+\s+UND\s+([^@\s]+)@(\S+)", RegexOptions.Multiline))
            {
                r.VersionedImports.Add((m.Groups[1].Value, m.Groups[2].Value));
            }

            string notes = Run("-nW", path);
            Match build = Regex.Match(notes, @"Build ID: ([0-9a-f]+)");
            r.BuildId = build.Success ? build.Groups[1].Value : null;
            Match abi = Regex.Match(notes, @"OS: Linux, ABI: ([\d.]+)");
            r.AbiKernel = abi.Success ? abi.Groups[1].Value : null;
            Match isa = Regex.Match(notes, @"x86 ISA needed: (.*)");
            r.IsaNeeded = isa.Success ? isa.Groups[1].Value.Split(',').Select(s => s.Trim()).Last() : null;
            return r;
        }

        private static string Run(string options, string path)
        {
            var args = options.Split(' ').ToList();
            args.Add(path);
            Processes.Result result = Processes.Run("readelf", args);
            return result.StdOut;
        }

        private static string Field(string text, string name)
        {
            Match m = Regex.Match(text, @"^\s*" + Regex.Escape(name) + @":\s+(.*)$", RegexOptions.Multiline);
            return m.Success ? m.Groups[1].Value.Trim() : "";
        }

        private static string? Bracket(string text, string tag)
        {
            Match m = Regex.Match(text, @"\(" + tag + @"\)\s+Library \w+: \[(.*)\]");
            return m.Success ? m.Groups[1].Value : null;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Compatibility.Reports;
using GlibcGuard.Inputs;

namespace GlibcGuard.Cli
{
    /// <summary>`glibcguard inspect PATH... [--format text|json]`: the facts, no judgement.</summary>
    internal static class InspectCommand
    {
        public static CliCommand Command(TextWriter stdout, TextWriter stderr)
        {
            var format = new CliOption("--format", "Output format.") { Allowed = new[] { "text", "json" }, Default = "text" };
            var (perContainer, perRun) = Program.BudgetOptions();
            var inspect = new CliCommand("inspect", "Print what each ELF file needs at run time: loader, libraries, symbol versions and the symbols behind them.",
                result => Run(result.Arguments, result.Value(format)!, stdout, stderr, Program.Budget(result.Value(perContainer), result.Value(perRun))))
            {
                Arguments = new[] { ("paths", "ELF files or folders (searched recursively; non-ELF files are skipped).") },
                MinArguments = 1,
            };
            inspect.Options.AddRange(new[] { format, perContainer, perRun });
            return inspect;
        }

        public static int Run(IReadOnlyList<string> paths, string format, TextWriter stdout, TextWriter stderr, ReadBudget? budget = null)
        {
            var missing = new List<string>();
            List<InputRequest> inputs = InputPaths.Expand(paths, missing);
            foreach (string path in missing)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnreadableFile, Diagnostics.NoSuchPath(path), Severity.Error));
            }
            var notElf = new List<string>();
            BinaryFacts[] facts = InputInspector.ReadAll(inputs, budget ?? new ReadBudget(), notElf).SelectMany(r => r).Select(i => i.Facts).ToArray();
            foreach (string path in notElf)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.NotElf, Diagnostics.NotElfNamed(path, inspect: true)));
            }
            if (format == "json")
            {
                FactsJson.Write(stdout, facts);
                stdout.WriteLine();
            }
            else
            {
                foreach (BinaryFacts f in facts)
                {
                    WriteText(f, stdout);
                }
            }
            // What could not be read is said with its code, as check says it, and the run is incomplete, never a pass.
            int unread = 0;
            foreach (BinaryFacts f in facts)
            {
                if (f.Error is ReadError e)
                {
                    unread++;
                    stderr.WriteLine(Diagnostics.Line(e.Code, Diagnostics.Unreadable(f.Path, e.Message)));
                }
            }
            if (facts.Length == 0 && missing.Count == 0)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.NothingToCheck, Diagnostics.NothingFound(string.Join(", ", paths), allowEmpty: false)));
                return ExitCodes.Incomplete;
            }
            return missing.Count > 0 ? ExitCodes.Usage : unread > 0 ? ExitCodes.Incomplete : ExitCodes.Ok;
        }

        private static void WriteText(BinaryFacts f, TextWriter w)
        {
            w.WriteLine(f.Path);
            if (f.Class != 0)
            {
                w.WriteLine("  ELF" + f.Class + " " + f.Endianness?.Name() + "-endian " + f.Machine?.Name + " " + f.Type?.Name() + ", " + f.Linkage?.Name() + ", libc: " + f.Libc?.Name());
            }
            Line(w, "interpreter", f.Interpreter);
            Line(w, "soname", f.Soname);
            if (f.Needed.Count > 0) Line(w, "needed", string.Join(", ", f.Needed));
            Line(w, "rpath", f.Rpath);
            Line(w, "runpath", f.Runpath);
            if (f.DynamicFlags.Count > 0) Line(w, "flags", string.Join(" ", f.DynamicFlags));
            if (f.MaxVersions.Count > 0)
            {
                Line(w, "needs at least", string.Join(", ", f.MaxVersions.Select(kv => kv.Key + " " + kv.Value)));
            }
            foreach (LibraryVersionNeeds library in f.VersionNeeds)
            {
                w.WriteLine("  " + library.Library);
                foreach (VersionNeedFacts v in library.Versions.OrderBy(v => VersionNode.Parse(v.Name)))
                {
                    string symbols = v.Symbols.Count == 0 ? "(no symbol names this version)"
                        : string.Join(", ", v.Symbols.Take(6)) + (v.Symbols.Count > 6 ? ", … (" + v.Symbols.Count + " symbols)" : "");
                    w.WriteLine("    " + (v.Name + (v.Weak ? " [weak]" : "")).PadRight(22) + symbols);
                }
            }
            if (f.VersionDefinitions.Count > 0) Line(w, "defines", string.Join(", ", f.VersionDefinitions));
            if (f.Package != null)
            {
                Line(w, "package", f.Package.Id + (f.Package.Version != null ? " " + f.Package.Version : "") + (f.Package.Rid != null ? ", runtimes/" + f.Package.Rid + "/" : ""));
            }
            if (f.Bundle != null)
            {
                Line(w, "bundle", f.Bundle.Count + " files (.NET single-file app)");
                foreach (BundleEntryFacts e in f.Bundle)
                {
                    w.WriteLine("    " + e.Path.PadRight(40) + " " + e.Type.PadRight(18) + " " + e.Size.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(10) +
                        (e.CompressedSize != 0 ? " (" + e.CompressedSize.ToString(System.Globalization.CultureInfo.InvariantCulture) + " compressed)" : ""));
                }
            }
            Line(w, "libc evidence", f.LibcEvidence);
            if (f.StaticLoads.Count > 0) Line(w, "static loads", string.Join(", ", f.StaticLoads));
            if (f.AbiTagKernel != null) Line(w, "kernel", ">= " + f.AbiTagKernel + " (ABI tag)");
            Line(w, "x86 ISA", f.X86IsaNeeded?.Name());
            if (f.ExecStack && f.Class != 0) Line(w, "stack", "executable");
            Line(w, "build id", f.BuildId);
            if (f.Go != null)
            {
                string cgo = f.Go.Cgo is bool c ? (c ? "cgo on" : "cgo off") : "cgo unknown";
                Line(w, "go", f.Go.Version + ", " + cgo + (f.Go.Module != null ? ", module " + f.Go.Module : ""));
            }
            foreach (string warning in f.Warnings) Line(w, "warning", warning);
            if (f.Error != null)
            {
                w.WriteLine("  error " + f.Error.Code.AsString() + ": " + f.Error.Message + (f.Error.Offset is long o ? " (at byte 0x" + o.ToString("x") + ")" : ""));
            }
            w.WriteLine();
        }

        private static void Line(TextWriter w, string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                w.WriteLine("  " + label.PadRight(15) + value);
            }
        }
    }
}

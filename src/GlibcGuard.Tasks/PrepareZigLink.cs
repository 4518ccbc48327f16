using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using GlibcGuard.Compatibility;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tasks
{
    /// <summary>
    /// GlibcGuardLinkToBaseline: makes a NativeAOT publish link its executable with <c>zig cc</c> against the
    /// baseline's glibc. Finds and runs zig once, picks the <c>-target</c> (x86_64-linux-gnu.2.17 for centos7),
    /// writes the small launcher the ILCompiler's link step calls as its C compiler, and, when the target is
    /// another architecture, an objcopy that can strip it. Everything it cannot do is one coded error.
    /// </summary>
    public sealed class PrepareZigLink : Task
    {
        /// <summary>$(GlibcGuardBaseline): the glibc to link against.</summary>
        public string? Baseline { get; set; }

        /// <summary>The publish RuntimeIdentifier (linux-x64, linux-arm64).</summary>
        [Required]
        public string RuntimeIdentifier { get; set; } = "";

        /// <summary>$(GlibcGuardZigPath): the zig executable or the folder that holds it; empty means PATH.</summary>
        public string? ZigPath { get; set; }

        /// <summary>The driver script shipped in the package (build/GlibcGuard.zig-cc.sh).</summary>
        [Required]
        public string Driver { get; set; } = "";

        /// <summary>Where to write the launcher (under the intermediate folder).</summary>
        [Required]
        public string LauncherPath { get; set; } = "";

        /// <summary>$(MSBuildProjectFullPath): where errors are placed.</summary>
        public string? ProjectFile { get; set; }

        /// <summary>$(StripSymbols): when true, the ILCompiler strips the executable with objcopy.</summary>
        public bool StripSymbols { get; set; }

        /// <summary>$(ObjCopyName) as the project set it; kept when set.</summary>
        public string? ObjCopyName { get; set; }

        /// <summary>The zig executable found.</summary>
        [Output]
        public string Zig { get; private set; } = "";

        /// <summary>The zig target, e.g. x86_64-linux-gnu.2.17.</summary>
        [Output]
        public string ZigTarget { get; private set; } = "";

        /// <summary>The objcopy the ILCompiler should strip with (empty: its own choice).</summary>
        [Output]
        public string ObjCopy { get; private set; } = "";

        /// <summary>The project's TargetFrameworkVersion (v8.0, v10.0…): the .NET 8 ILCompiler links the system zlib.</summary>
        public string? TargetFrameworkVersion { get; set; }

        /// <summary>The ILCompiler's UseSystemZlib (.NET 9 and later): true links the system zlib (-lz).</summary>
        public string? UseSystemZlib { get; set; }

        /// <summary>True when the launcher is new or says something else than before: the executable must be linked again.</summary>
        [Output]
        public bool Changed { get; private set; }

        public override bool Execute()
        {
            try
            {
                Run();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                Error(DiagnosticId.InternalError, Diagnostics.InternalFailure(e));
            }
            return !Log.HasLoggedErrors;
        }

        private bool LinksSystemZlib(out int? major)
        {
            major = null;
            if (string.Equals(UseSystemZlib?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            string tfv = (TargetFrameworkVersion ?? "").Trim().TrimStart('v', 'V');
            if (Version.TryParse(tfv, out Version? v) && v.Major < 9)
            {
                major = v.Major;
                return true;
            }
            return false;
        }

        private void Run()
        {
            string baselineName = string.IsNullOrWhiteSpace(Baseline) ? BaselineCatalog.DefaultId : Baseline!.Trim();
            if (!BaselineCatalog.TryGet(baselineName, out Baseline baseline))
            {
                Error(DiagnosticId.UnknownBaseline, Diagnostics.UnknownBaselineSetting("GlibcGuardBaseline", baselineName));
                return;
            }
            if (baseline.IsMusl)
            {
                Error(DiagnosticId.LinkToBaselineNotPossible, Diagnostics.LinkMuslImage(baseline));
                return;
            }
            RuntimeIdentifier rid = Compatibility.RuntimeIdentifier.Parse(RuntimeIdentifier);
            bool musl = rid.IsMusl;
            if (!rid.IsCheckableTarget || musl)
            {
                Error(DiagnosticId.LinkToBaselineNotPossible, Diagnostics.LinkNotGlibcRid(RuntimeIdentifier, musl));
                return;
            }
            Compatibility.Architecture machine = rid.Architecture.GetValueOrDefault();
            if (machine != Compatibility.Architecture.X86_64 && machine != Compatibility.Architecture.Aarch64)
            {
                Error(DiagnosticId.LinkToBaselineNotPossible, Diagnostics.LinkArchitecture(RuntimeIdentifier));
                return;
            }
            if (!Compatibility.ZigTarget.TryGet(machine, baseline, out string target))
            {
                Error(DiagnosticId.LinkToBaselineNotPossible, Diagnostics.LinkNoZigTarget(baseline, machine));
                return;
            }
            if (LinksSystemZlib(out int? major))
            {
                // zig's glibc targets carry glibc's libraries only; -lz has nothing to resolve against and the link
                // fails with "unable to find Dynamic system library 'z'" (seen with .NET 8).
                Error(DiagnosticId.LinkToBaselineNotPossible, Diagnostics.LinkSystemZlib(major));
                return;
            }
            string? zig = FindZig();
            if (zig is null || !TryZigVersion(zig, out string version))
            {
                return;
            }
            string objcopy = ObjCopyName ?? "";
            if (StripSymbols && objcopy.Length == 0 && machine.Name != HostMachine())
            {
                // The ILCompiler strips with objcopy; the host's GNU objcopy reads only its own architecture.
                string gnu = machine + "-linux-gnu-objcopy";
                objcopy = new[] { "llvm-objcopy", gnu }.FirstOrDefault(n => FindOnPath(n) != null) ?? "";
                if (objcopy.Length == 0)
                {
                    Error(DiagnosticId.LinkToBaselineNotPossible, Diagnostics.LinkNoObjCopy(machine));
                    return;
                }
            }

            Zig = zig;
            ZigTarget = target;
            ObjCopy = objcopy;
            string launcher = "#!/bin/sh\n" +
                "# Written by GlibcGuard (GlibcGuardLinkToBaseline): links with zig against glibc " + baseline.GlibcVersion + " (" + baseline.Id + ").\n" +
                "GLIBCGUARD_ZIG=" + ShellQuote(zig) + "\nGLIBCGUARD_ZIG_TARGET=" + target + "\nexport GLIBCGUARD_ZIG GLIBCGUARD_ZIG_TARGET\n" +
                // zig keeps its cache under $HOME; a build agent without HOME gets one beside the launcher.
                "if [ -z \"${HOME:-}\" ] && [ -z \"${ZIG_GLOBAL_CACHE_DIR:-}\" ]; then ZIG_GLOBAL_CACHE_DIR=" +
                ShellQuote(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(LauncherPath))!, "zig-cache")) + "; export ZIG_GLOBAL_CACHE_DIR; fi\n" +
                "exec /bin/sh " + ShellQuote(Driver) + " \"$@\"\n";
            string? old = File.Exists(LauncherPath) ? File.ReadAllText(LauncherPath) : null;
            Changed = old != launcher;
            if (Changed)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(LauncherPath))!);
                File.WriteAllText(LauncherPath, launcher, new UTF8Encoding(false));
            }
            Log.LogMessage(MessageImportance.High, Diagnostics.Linking(baseline, version, target));
        }

        private string? FindZig()
        {
            string configured = (ZigPath ?? "").Trim();
            if (configured.Length > 0)
            {
                string candidate = Directory.Exists(configured) ? Path.Combine(configured, "zig") : configured;
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
                Error(DiagnosticId.ZigUnavailable, Diagnostics.ZigNotAtPath(configured));
                return null;
            }
            string? found = FindOnPath("zig");
            if (found is null)
            {
                Error(DiagnosticId.ZigUnavailable, Diagnostics.ZigNotOnPath());
            }
            return found;
        }

        private bool TryZigVersion(string zig, out string version)
        {
            version = "";
            try
            {
                var start = new ProcessStartInfo(zig, "version")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                };
                using Process process = Process.Start(start)!;
                System.Threading.Tasks.Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(60_000))
                {
                    try { process.Kill(); } catch (InvalidOperationException) { }
                    Error(DiagnosticId.ZigUnavailable, Diagnostics.ZigSilent(zig));
                    return false;
                }
                version = stdout.Result.Trim();
                if (process.ExitCode != 0 || !System.Text.RegularExpressions.Regex.IsMatch(version, @"^0\.\d+\.\d+"))
                {
                    string said = (stdout.Result + stderr.Result).Trim();
                    Error(DiagnosticId.ZigUnavailable, Diagnostics.ZigBroken(zig, process.ExitCode, said));
                    return false;
                }
                return true;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException || e is InvalidOperationException)
            {
                Error(DiagnosticId.ZigUnavailable, Diagnostics.ZigUnstartable(zig, e.Message));
                return false;
            }
        }

        private static string? FindOnPath(string name)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        private static string HostMachine() => RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "x86_64",
            System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
            _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        };

        /// <summary>'…' for /bin/sh, with embedded quotes closed and reopened.</summary>
        private static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

        private void Error(DiagnosticId id, string message)
        {
            Diagnostics.Note(id, Severity.Error);
            Log.LogError("GlibcGuard", id.AsString(), null, id.HelpLink(), ProjectFile, 0, 0, 0, 0, message);
        }
    }
}

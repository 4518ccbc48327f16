using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// <see cref="ChildProcess.Run"/> for the NativeAOT tool on Linux, with the C library's posix_spawn: the feed search
    /// (--search-feeds) is the one thing the tool starts a program for, and System.Diagnostics.Process would bring
    /// 770 KB of code and the statics of 160 more types, which every run of the tool sets up at start whether it
    /// searches or not. Standard output and standard error come back through one pipe, in the order written; a
    /// program still running at the limit is killed.
    /// </summary>
    internal static class PosixChildProcess
    {
        /// <summary>The child process runner for this build: posix_spawn in the NativeAOT tool on Linux, else <see cref="ChildProcess.Run"/>.</summary>
        /// <remarks>The NativeAOT compiler takes <c>IsDynamicCodeSupported</c> as the constant false, so the other branch, and Process with it, is not compiled in.</remarks>
        public static (int ExitCode, string Output) RunForThisBuild(string program, IReadOnlyList<string> args, TimeSpan limit) =>
            !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported && OperatingSystem.IsLinux()
                ? Run(program, args, limit)
                : ChildProcess.Run(program, args, limit);

        /// <summary>
        /// Runs <paramref name="program"/> (looked up on PATH when it has no slash, as Process does) with <paramref name="args"/> and this
        /// process's environment; returns its exit code (128 + the signal that ended it) and what it wrote, or -1 and
        /// why it did not run or was stopped.
        /// </summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        public static (int ExitCode, string Output) Run(string program, IReadOnlyList<string> args, TimeSpan limit)
        {
            // Found here, as Process finds it: a C library older than 2.24 reports an exec that fails from the child
            // (exit 127), not as posix_spawn's error.
            string? file = Locate(program);
            if (file is null) return (-1, Diagnostics.ProgramNotStarted(program, Marshal.GetPInvokeErrorMessage(Enoent)));
            var made = new List<IntPtr>();
            IntPtr actions = IntPtr.Zero;
            int[] pipe = { -1, -1 };
            try
            {
                if (Pipe2(pipe, OCloexec) != 0) return (-1, Diagnostics.ProgramNotStarted(program, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())));
                IntPtr Utf8(string s)
                {
                    IntPtr p = Marshal.StringToCoTaskMemUTF8(s);
                    made.Add(p);
                    return p;
                }
                var argv = new IntPtr[args.Count + 2];
                argv[0] = Utf8(program);
                for (int i = 0; i < args.Count; i++) argv[i + 1] = Utf8(args[i]);
                var environment = new List<IntPtr>();
                foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
                {
                    environment.Add(Utf8(variable.Key + "=" + variable.Value));
                }
                environment.Add(IntPtr.Zero);

                // Both ends are close-on-exec; the child gets the write end as its descriptors 1 and 2 (dup2 clears the flag).
                actions = Marshal.AllocHGlobal(FileActionsSize);
                int pid = 0;
                int error = FileActionsInit(actions);
                if (error != 0)
                {
                    Marshal.FreeHGlobal(actions);
                    actions = IntPtr.Zero;
                }
                if (error == 0) error = FileActionsAddDup2(actions, pipe[1], 1);
                if (error == 0) error = FileActionsAddDup2(actions, pipe[1], 2);
                if (error == 0) error = Spawn(out pid, Utf8(file), actions, IntPtr.Zero, argv, environment.ToArray());
                Close(ref pipe[1]);
                if (error != 0) return (-1, Diagnostics.ProgramNotStarted(program, Marshal.GetPInvokeErrorMessage(error)));

                var output = new MemoryStream();
                var buffer = new byte[16 * 1024];
                long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
                while (true)
                {
                    int wait = (int)Math.Max(0, Math.Min(int.MaxValue, deadline - Environment.TickCount64));
                    var poll = new PollDescriptor { Descriptor = pipe[0], Events = PollIn };
                    int ready = Poll(ref poll, 1, wait);
                    if (ready < 0 && Marshal.GetLastPInvokeError() == Eintr) continue;
                    if (ready == 0)
                    {
                        Kill(pid, Sigkill);
                        Reap(pid);
                        return (-1, Diagnostics.ProgramStopped(limit));
                    }
                    nint n = ready < 0 ? -1 : Read(pipe[0], buffer, buffer.Length);
                    if (n < 0 && Marshal.GetLastPInvokeError() == Eintr) continue;
                    if (n <= 0) break; // end of output: the program closed its side (it ended)
                    output.Write(buffer, 0, (int)n);
                }
                int status = Reap(pid);
                int exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
                return (exit, Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length));
            }
            finally
            {
                Close(ref pipe[0]);
                Close(ref pipe[1]);
                if (actions != IntPtr.Zero)
                {
                    FileActionsDestroy(actions);
                    Marshal.FreeHGlobal(actions);
                }
                foreach (IntPtr p in made) Marshal.FreeCoTaskMem(p);
            }
        }

        /// <summary><paramref name="program"/> itself when it names a path, else the first executable file of that name on PATH; null when there is none.</summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static string? Locate(string program)
        {
            if (program.IndexOf('/') >= 0) return File.Exists(program) ? program : null;
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                string candidate = Path.Combine(folder.Length == 0 ? "." : folder, program);
                if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                {
                    return candidate;
                }
            }
            return null;
        }

        /// <summary>Waits for <paramref name="pid"/> to end; its wait status.</summary>
        private static int Reap(int pid)
        {
            while (true)
            {
                if (WaitPid(pid, out int status, 0) == pid) return status;
                if (Marshal.GetLastPInvokeError() != Eintr) return 0x7f; // not ours to wait for: reported as a signal
            }
        }

        private static void Close(ref int descriptor)
        {
            if (descriptor >= 0) CloseDescriptor(descriptor);
            descriptor = -1;
        }

        private const int OCloexec = 0x80000, PollIn = 0x1, Enoent = 2, Eintr = 4, Sigkill = 9;

        // glibc's posix_spawn_file_actions_t is 80 bytes on 64-bit targets; room to spare.
        private const int FileActionsSize = 256;

        [StructLayout(LayoutKind.Sequential)]
        private struct PollDescriptor
        {
            public int Descriptor;
            public short Events;
            public short ReturnedEvents;
        }

        [DllImport("libc", EntryPoint = "pipe2", SetLastError = true)]
        private static extern int Pipe2(int[] descriptors, int flags);

        [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
        private static extern int FileActionsInit(IntPtr actions);

        [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
        private static extern int FileActionsAddDup2(IntPtr actions, int descriptor, int target);

        [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
        private static extern int FileActionsDestroy(IntPtr actions);

        [DllImport("libc", EntryPoint = "posix_spawn")]
        private static extern int Spawn(out int pid, IntPtr path, IntPtr actions, IntPtr attributes, IntPtr[] argv, IntPtr[] environment);

        [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
        private static extern int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

        [DllImport("libc", EntryPoint = "read", SetLastError = true)]
        private static extern nint Read(int descriptor, byte[] buffer, nint count);

        [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
        private static extern int WaitPid(int pid, out int status, int options);

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int CloseDescriptor(int descriptor);
    }
}

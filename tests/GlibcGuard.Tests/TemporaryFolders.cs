using System;
using System.IO;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests
{
    /// <summary>
    /// The run's temporary folders (publishes, feeds, images: gigabytes in a full run) are deleted when it ends, and
    /// those of runs that ended without deleting theirs (a crash, a killed run) when the next one starts.
    /// GLIBCGUARD_KEEP_TEMP=1 keeps this run's, to look at what a test left.
    /// </summary>
    [SetUpFixture]
    public class TemporaryFolders
    {
        [OneTimeSetUp]
        public void Delete_what_ended_runs_left()
        {
            if (!Directory.Exists(Repo.TempRoot)) return;
            foreach (string dir in Directory.GetDirectories(Repo.TempRoot))
            {
                string name = Path.GetFileName(dir);
                bool ended = name.StartsWith("run-", StringComparison.Ordinal)
                    ? int.TryParse(name.Substring(4), out int pid) && pid != Environment.ProcessId && !Directory.Exists("/proc/" + pid)
                    : Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddHours(-6); // from before runs had folders of their own
                if (ended) Delete(dir);
            }
        }

        [OneTimeTearDown]
        public void Delete_this_runs()
        {
            if (Environment.GetEnvironmentVariable("GLIBCGUARD_KEEP_TEMP") != "1" && Directory.Exists(Repo.RunTempDir)) Delete(Repo.RunTempDir);
        }

        // Go's module cache is read-only: made writable first.
        private static void Delete(string dir)
        {
            try
            {
                Processes.Run("chmod", new[] { "-R", "u+w", dir });
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TestContext.Progress.WriteLine("could not delete " + dir + ": " + e.Message);
            }
        }
    }
}

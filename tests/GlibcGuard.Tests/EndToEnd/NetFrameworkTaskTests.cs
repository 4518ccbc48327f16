using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using GlibcGuard.Tests.Infrastructure;
using GlibcGuard.Tests.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The package's tasks/net472 build (the one Visual Studio's MSBuild loads), run here in its own load context:
    /// there is no .NET Framework on this machine, but this runs the same IL, with the netstandard2.0 reader's
    /// own code paths (FileStream reads, no spans, no pooling), and must log what the net8.0 task logs.
    /// </summary>
    [TestFixture]
    [Category("EndToEnd")]
    public class NetFrameworkTaskTests
    {
        private sealed class TaskContext : AssemblyLoadContext
        {
            private readonly string _dir;
            public TaskContext(string dir) : base("glibcguard-net472", isCollectible: true) => _dir = dir;

            protected override Assembly? Load(AssemblyName name)
            {
                // MSBuild's own assemblies come from the host, as in MSBuild; the task's come from its folder.
                if (name.Name!.StartsWith("Microsoft.Build", StringComparison.Ordinal)) return null;
                string candidate = Path.Combine(_dir, name.Name + ".dll");
                return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
            }
        }

        [Test]
        public void The_net472_task_logs_what_the_net8_task_logs()
        {
            string package = Directory.GetFiles(PackageFeed.Instance.Feed, "GlibcGuard." + PackageFeed.Instance.Version + ".nupkg").Single();
            string dir = Repo.TempDir("net472");
            using (ZipArchive zip = ZipFile.OpenRead(package))
            {
                foreach (ZipArchiveEntry e in zip.Entries.Where(e => e.FullName.StartsWith("tasks/net472/", StringComparison.Ordinal)))
                {
                    e.ExtractToFile(Path.Combine(dir, e.Name));
                }
            }
            Assert.That(File.Exists(Path.Combine(dir, "GlibcGuard.Elf.dll")) && File.Exists(Path.Combine(dir, "GlibcGuard.Compatibility.dll")), Is.True);

            var context = new TaskContext(dir);
            try
            {
                Assembly tasks = context.LoadFromAssemblyPath(Path.Combine(dir, "GlibcGuard.Tasks.dll"));
                Assert.That(tasks.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName, Does.StartWith(".NETFramework,Version=v4.7.2"));
                Assert.That(context.LoadFromAssemblyName(new AssemblyName("GlibcGuard.Elf")).GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName,
                    Does.StartWith(".NETStandard,Version=v2.0"));

                ITaskItem[] files = new[] { "gcc-x86_64-newglibc", "musl-x86_64-dynamic", "go-x86_64-cgo", "gcc-x86_64-runpath", "libgreet.so.1", "gcc-s390x-pie" }
                    .Select(f => (ITaskItem)new TaskItem(Repo.Fixture(f))).ToArray();
                var frameworkEngine = new MockEngine();
                var frameworkTask = (ITask)Activator.CreateInstance(tasks.GetType("GlibcGuard.Tasks.CheckNativeFiles")!)!;
                frameworkTask.BuildEngine = frameworkEngine;
                frameworkTask.GetType().GetProperty("Files")!.SetValue(frameworkTask, files);
                frameworkTask.GetType().GetProperty("Baseline")!.SetValue(frameworkTask, "centos8");
                frameworkTask.GetType().GetProperty("ReportPath")!.SetValue(frameworkTask, Path.Combine(dir, "report.json"));
                Assert.That(frameworkTask.Execute(), Is.True, frameworkEngine.Log);

                var coreEngine = new MockEngine();
                var coreTask = new GlibcGuard.Tasks.CheckNativeFiles { BuildEngine = coreEngine, Files = files, Baseline = "centos8" };
                Assert.That(coreTask.Execute(), Is.True);

                Assert.That(frameworkEngine.Warnings.Select(w => w.Code + " " + w.File + ": " + w.Message),
                    Is.EqualTo(coreEngine.Warnings.Select(w => w.Code + " " + w.File + ": " + w.Message)));
                Assert.That(frameworkEngine.Warnings.Select(w => w.Code), Does.Contain("GG1001").And.Contain("GG1005").And.Contain("GG1012"));
                Assert.That(frameworkEngine.Messages.Any(m => m.Message!.Contains("written by the .NET SDK's MSBuild")), Is.True,
                    "the .NET Framework task says it leaves the report files to the .NET SDK's MSBuild");
                Assert.That(File.Exists(Path.Combine(dir, "report.json")), Is.False);
            }
            finally
            {
                context.Unload();
            }
        }
    }
}

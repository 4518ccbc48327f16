using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Tasks;
using GlibcGuard.Tests.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tests.Tasks
{
    /// <summary>The task against a fake build engine: every property and item, and the exact text it logs.</summary>
    [TestFixture]
    public class CheckNativeFilesTests
    {
        private static (CheckNativeFiles Task, MockEngine Engine) Make(params ITaskItem[] files)
        {
            var engine = new MockEngine();
            return (new CheckNativeFiles { BuildEngine = engine, Files = files, RuntimeIdentifier = "linux-x64" }, engine);
        }

        private static ITaskItem Item(string fixture, params (string Name, string Value)[] metadata)
        {
            var item = new TaskItem(Repo.Fixture(fixture));
            foreach (var (name, value) in metadata) item.SetMetadata(name, value);
            return item;
        }

        [Test]
        public void Findings_are_coded_warnings_on_the_elf_file_with_a_help_link_and_one_summary()
        {
            var (task, engine) = Make(Item("gcc-x86_64-pie"));
            Assert.That(task.Execute(), Is.True);
            BuildWarningEventArgs w = engine.Warnings.Single();
            Assert.That(w.Code, Is.EqualTo("GG1001"));
            Assert.That(w.Subcategory, Is.EqualTo("GlibcGuard"));
            Assert.That(w.File, Is.EqualTo(Repo.Fixture("gcc-x86_64-pie")));
            Assert.That(w.HelpLink, Does.EndWith("diagnostics.md#gg1001"));
            Assert.That(w.Message, Is.EqualTo("gcc-x86_64-pie needs GLIBC_2.34 from libc.so.6, which centos8 (glibc 2.28) does not define: symbol __libc_start_main. " +
                "It runs on: RHEL 9+, Amazon Linux 2023, Ubuntu 22.04+, Debian 12+. Fix: build it on a system or container as old as centos8 (or link against an older glibc sysroot)."));
            BuildMessageEventArgs summary = engine.Messages.Single(m => m.Code == "GG2003");
            Assert.That(summary.Importance, Is.EqualTo(MessageImportance.High));
            Assert.That(summary.Message, Is.EqualTo("checked 1 ELF file against centos8 (glibc 2.28): 1 problem. The set runs on: RHEL 9+, Amazon Linux 2023, Ubuntu 22.04+, Debian 12+."));
            Assert.That(task.RunsOn, Is.EqualTo("RHEL 9+, Amazon Linux 2023, Ubuntu 22.04+, Debian 12+"));
            Assert.That(task.ElfFileCount, Is.EqualTo(1));
        }

        [Test]
        public void Non_elf_files_and_debug_symbols_are_skipped()
        {
            string dir = Repo.TempDir("task");
            File.WriteAllText(Path.Combine(dir, "app.dll"), "MZ not ELF");
            File.Copy(Repo.Fixture("gcc-x86_64-pie"), Path.Combine(dir, "app.dbg"));
            var (task, engine) = Make(new TaskItem(Path.Combine(dir, "app.dll")), new TaskItem(Path.Combine(dir, "app.dbg")), Item("gcc-x86_64-static"));
            Assert.That(task.Execute(), Is.True);
            Assert.That(task.ElfFileCount, Is.EqualTo(1));
            Assert.That(engine.Warnings, Is.Empty);
        }

        [TestCase("linux-bionic-arm64")]
        [TestCase("linux-mips64")]
        public void A_linux_rid_without_a_target_checks_each_file_as_it_is(string rid)
        {
            // .NET has these RIDs and GlibcGuard has no glibc target for them: the build is checked, not stopped.
            var (task, engine) = Make(Item("gcc-x86_64-pie"));
            task.RuntimeIdentifier = rid;
            Assert.That(task.Execute(), Is.True);
            Assert.That(engine.Errors, Is.Empty);
            Assert.That(engine.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "GG1001" }), "judged by its own header, no GG1008 or GG9007");
        }

        [Test]
        public void A_publish_file_that_cannot_be_opened_is_reported_not_dropped()
        {
            // A directory where a file is expected: opening it fails. It used to be skipped as "not ELF".
            string dir = Directory.CreateDirectory(Path.Combine(Repo.TempDir("task-unreadable"), "libgone.so")).FullName;
            var (task, engine) = Make(new TaskItem(dir), Item("gcc-x86_64-static"));
            Assert.That(task.Execute(), Is.True);
            BuildWarningEventArgs w = engine.Warnings.Single();
            Assert.That(w.Code, Is.EqualTo("GG0002"));
            Assert.That(w.Message, Does.StartWith("libgone.so could not be checked"));
            Assert.That(engine.Messages.Single(m => m.Code == "GG2003").Message, Does.StartWith("checked 2 ELF files"));
        }

        [Test]
        public void TreatWarningsAsErrors_promotes_except_WarningsNotAsErrors_and_NoWarn()
        {
            var (task, engine) = Make(Item("gcc-x86_64-pie"), Item("gcc-x86_64-execstack"));
            task.Baseline = "centos9";
            task.TreatWarningsAsErrors = true;
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Codes, Is.EquivalentTo(new[] { "E:GG1011" }));

            (task, engine) = Make(Item("gcc-x86_64-execstack"));
            task.Baseline = "centos9";
            task.TreatWarningsAsErrors = true;
            task.WarningsNotAsErrors = "GG1001;GG1011";
            Assert.That(task.Execute(), Is.True);
            Assert.That(engine.Codes, Is.EquivalentTo(new[] { "W:GG1011" }));

            (task, engine) = Make(Item("gcc-x86_64-execstack"));
            task.Baseline = "centos9";
            task.TreatWarningsAsErrors = true;
            task.NoWarn = "CS1591, GG1011";
            Assert.That(task.Execute(), Is.True, "NoWarn stops the promotion; MSBuild then demotes the warning to a message");
            Assert.That(engine.Codes, Is.EquivalentTo(new[] { "W:GG1011" }));
            Assert.That(engine.Messages.Single(m => m.Code == "GG2003").Message, Does.Contain(": no problems."),
                "the summary counts what MSBuild shows: a NoWarn code is not a problem");
        }

        [Test]
        public void An_unknown_baseline_is_one_error()
        {
            var (task, engine) = Make(Item("gcc-x86_64-pie"));
            task.Baseline = "centos6";
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Single().Code, Is.EqualTo("GG9001"));
            Assert.That(engine.Errors.Single().Message, Does.Contain("GlibcGuardBaseline 'centos6' is not a known baseline"));
        }

        [Test]
        public void Package_metadata_names_the_package_and_per_file_baselines_apply()
        {
            var (task, engine) = Make(
                Item("gcc-x86_64-pie", ("NuGetPackageId", "Fake.Native"), ("NuGetPackageVersion", "1.2.3")),
                Item("go-x86_64-cgo", ("Baseline", "centos9")));
            task.Baseline = "centos7";
            Assert.That(task.Execute(), Is.True);
            BuildWarningEventArgs w = engine.Warnings.Single(x => x.Code == "GG1001");
            Assert.That(w.Message, Does.StartWith("gcc-x86_64-pie from Fake.Native 1.2.3 needs GLIBC_2.34 from libc.so.6"));
            Assert.That(w.Message, Does.Contain("use a version of Fake.Native built for an older glibc"));
            Assert.That(engine.Warnings.Where(x => x.File.EndsWith("go-x86_64-cgo")), Is.Empty, "its own baseline is centos9");
        }

        /// <summary>
        /// The task reads through the CLI's reader: a package given as an item is opened and its entries judged with
        /// the package's identity and RID folders, as `glibcguard check PKG.nupkg` does, and the runtime-pack rule
        /// (package id) marks a file as the .NET runtime's.
        /// </summary>
        [Test]
        public void The_task_reads_packages_through_the_same_reader_as_the_cli()
        {
            string dir = Repo.TempDir("task-package");
            string package = Path.Combine(dir, "Fake.Zipped.1.0.0.nupkg");
            using (var zip = System.IO.Compression.ZipFile.Open(package, System.IO.Compression.ZipArchiveMode.Create))
            {
                System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, Repo.Fixture("gcc-x86_64-pie"), "runtimes/linux-x64/native/libzipped.so");
                System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, Repo.Fixture("libgreet-aarch64.so.1"), "runtimes/linux-arm64/native/libzipped.so");
                using var nuspec = new StreamWriter(zip.CreateEntry("Fake.Zipped.nuspec").Open());
                nuspec.Write("<?xml version=\"1.0\"?><package><metadata><id>Fake.Zipped</id><version>1.0.0</version></metadata></package>");
            }
            var (task, engine) = Make(new TaskItem(package));
            Assert.That(task.Execute(), Is.True);
            BuildWarningEventArgs w = engine.Warnings.Single(x => x.Code == "GG1001");
            Assert.That(w.File, Is.EqualTo(package + "!runtimes/linux-x64/native/libzipped.so"));
            Assert.That(w.Message, Does.StartWith("libzipped.so from Fake.Zipped 1.0.0 needs GLIBC_2.34"));
            Assert.That(engine.Messages.Single(m => m.Code == "GG2007").Message, Does.Contain("runtimes/linux-arm64/"), "the arm64 folder is not the publish's");
            Assert.That(task.ElfFileCount, Is.EqualTo(2));

            var runtime = new TaskItem(Repo.Fixture("gcc-x86_64-pie"));
            runtime.SetMetadata("NuGetPackageId", "Microsoft.NETCore.App.Runtime.linux-x64");
            var (floor, floorEngine) = Make(runtime);
            floor.TargetFrameworkVersion = "v10.0";
            floor.SelfContained = true;
            floor.Baseline = "centos7";
            Assert.That(floor.Execute(), Is.True);
            Assert.That(floorEngine.Warnings.Select(x => x.Code), Does.Contain("GG1014"), "a runtime pack's file is the runtime: its floor is said once");
            Assert.That(floorEngine.Warnings.Select(x => x.Code), Has.None.EqualTo("GG1001"), "and not file by file");
        }

        [Test]
        public void Suppress_items_match_code_file_library_version_and_symbol()
        {
            var suppress = new TaskItem("GG1001");
            suppress.SetMetadata("File", "gcc-*");
            suppress.SetMetadata("Version", "GLIBC_2.34");
            var (task, engine) = Make(Item("gcc-x86_64-pie"), Item("gxx-x86_64-cpp"));
            task.Suppressions = new ITaskItem[] { suppress };
            Assert.That(task.Execute(), Is.True);
            Assert.That(engine.Warnings.Select(w => Path.GetFileName(w.File)), Is.EqualTo(new[] { "gxx-x86_64-cpp" }));

            (task, engine) = Make(Item("gcc-x86_64-pie"));
            task.Suppressions = new ITaskItem[] { new TaskItem("not a code") };
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Single().Code, Is.EqualTo("GG9002"));
        }

        [Test]
        public void A_musl_runtime_identifier_judges_glibc_files()
        {
            var (task, engine) = Make(Item("gcc-x86_64-pie"), Item("musl-x86_64-dynamic"));
            task.RuntimeIdentifier = "linux-musl-x64";
            task.Execute();
            Assert.That(engine.Codes, Is.EquivalentTo(new[] { "W:GG1006" }));
        }

        [Test]
        public void Reports_are_written_where_asked()
        {
            string dir = Repo.TempDir("reports");
            var (task, _) = Make(Item("gcc-x86_64-pie"));
            task.ReportPath = Path.Combine(dir, "sub", "glibcguard.json");
            task.SarifPath = Path.Combine(dir, "glibcguard.sarif");
            Assert.That(task.Execute(), Is.True);
            JsonElement report = JsonDocument.Parse(File.ReadAllText(task.ReportPath)).RootElement;
            Assert.That(report.GetProperty("findings")[0].GetProperty("code").GetString(), Is.EqualTo("GG1001"));
            Assert.That(JsonDocument.Parse(File.ReadAllText(task.SarifPath)).RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
        }

        // GG1001 is an error in the CLI and an MSBuild warning unless promoted: the reports say what MSBuild said.
        [TestCase(false, "", "", "W:GG1001", "warning", "warning")]
        [TestCase(true, "", "", "E:GG1001", "error", "error")]
        [TestCase(false, "GG1001", "", "W:GG1001", "error", "error")] // MSBuild itself promotes WarningsAsErrors
        [TestCase(true, "", "GG1001", "W:GG1001", "info", "note")]    // MSBuild then demotes the NoWarn code to a message
        public void Report_levels_agree_with_what_MSBuild_shows(bool treatAsErrors, string warningsAsErrors, string noWarn,
            string logged, string jsonSeverity, string sarifLevel)
        {
            string dir = Repo.TempDir("reports");
            var (task, engine) = Make(Item("gcc-x86_64-pie"));
            task.TreatWarningsAsErrors = treatAsErrors;
            task.WarningsAsErrors = warningsAsErrors;
            task.NoWarn = noWarn;
            task.ReportPath = Path.Combine(dir, "glibcguard.json");
            task.SarifPath = Path.Combine(dir, "glibcguard.sarif");
            task.Execute();
            Assert.That(engine.Codes, Is.EquivalentTo(new[] { logged }));
            JsonElement finding = JsonDocument.Parse(File.ReadAllText(task.ReportPath)).RootElement.GetProperty("findings")[0];
            Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo(jsonSeverity));
            JsonElement result = JsonDocument.Parse(File.ReadAllText(task.SarifPath)).RootElement.GetProperty("runs")[0].GetProperty("results")[0];
            Assert.That(result.GetProperty("level").GetString(), Is.EqualTo(sarifLevel));
        }

        [Test]
        public void An_unexpected_failure_is_one_coded_error_without_a_stack_trace()
        {
            var (task, engine) = Make(new TaskItem("bad\0path"));
            Assert.That(task.Execute(), Is.False);
            BuildErrorEventArgs e = engine.Errors.Single();
            Assert.That(e.Code, Is.EqualTo("GG9003"));
            Assert.That(e.Message, Does.StartWith("GlibcGuard failed unexpectedly: "));
            Assert.That(e.Message, Does.Not.Contain(" at "));
        }

        [Test]
        public void The_dotnet_version_selects_the_runtime_floor()
        {
            var runtime = Item("gcc-x86_64-pie", ("NuGetPackageId", "Microsoft.NETCore.App.Runtime.linux-x64"));
            var (task, engine) = Make(runtime);
            task.Baseline = "centos7";
            task.TargetFrameworkVersion = "v10.0";
            task.ProjectFile = "/src/app/app.csproj";
            task.Execute();
            BuildWarningEventArgs floor = engine.Warnings.Single();
            Assert.That(floor.Code, Is.EqualTo("GG1014"));
            Assert.That(floor.Message, Does.StartWith(".NET 10's runtime needs glibc 2.27 or later"));
            Assert.That(floor.File, Is.EqualTo("/src/app/app.csproj"), "a finding about the whole set is placed on the project");
        }

        [Test]
        public void A_package_asset_that_does_not_fit_names_a_version_in_the_local_cache_that_does()
        {
            // A NuGet package cache as restore lays it out: <root>/<id>/<version>/runtimes/<rid>/native/<file>.
            string root = Repo.TempDir("cache");
            string Put(string version, string fixture)
            {
                string dir = Path.Combine(root, "fake.native", version, "runtimes", "linux-x64", "native");
                Directory.CreateDirectory(dir);
                File.Copy(Repo.Fixture(fixture), Path.Combine(dir, "libnative.so"));
                return Path.Combine(dir, "libnative.so");
            }
            string used = Put("2.0.0", "libnewglibc.so");
            Put("2.1.0", "libnewglibc.so");      // newer, does not fit either
            Put("1.5.0", "libgreet.so.1");       // fits centos8
            Put("1.2.0", "libgreet.so.1");       // fits too, but older
            Directory.CreateDirectory(Path.Combine(root, "fake.native", "1.0.0"));   // no such file in it

            var item = new TaskItem(used);
            item.SetMetadata("NuGetPackageId", "Fake.Native");
            item.SetMetadata("NuGetPackageVersion", "2.0.0");
            var (task, engine) = Make(item);
            Assert.That(task.Execute(), Is.True);
            Assert.That(engine.Warnings.Select(w => w.Message), Has.All.Contain(
                "Fix: Fake.Native 1.5.0 fits centos8 (found in the local package cache): reference that version, or ask its maintainers to build it for centos8 (glibc 2.28)."));

            // Nothing fits: the hint says only what to look for.
            Directory.Delete(Path.Combine(root, "fake.native", "1.5.0"), true);
            Directory.Delete(Path.Combine(root, "fake.native", "1.2.0"), true);
            var (again, engine2) = Make(item);
            Assert.That(again.Execute(), Is.True);
            Assert.That(engine2.Warnings.Select(w => w.Message), Has.All.Contain(
                "Fix: use a version of Fake.Native built for an older glibc (none in the local package cache or the folder feeds fits; GlibcGuardSearchFeeds=true looks on the project's feeds too), or ask its maintainers to build it for centos8 (glibc 2.28)."));
        }
    
        [Test]
        public void At_build_time_an_upgrade_whose_floor_rose_is_said_once_naming_both_versions()
        {
            string root = Repo.TempDir("upgrade");
            string cache = Path.Combine(root, "obj", "glibcguard.buildcheck");
            ITaskItem Asset(string version, string fixture)
            {
                string dir = Path.Combine(root, "packages", "fake.native", version, "runtimes", "linux-x64", "native");
                Directory.CreateDirectory(dir);
                File.Copy(Repo.Fixture(fixture), Path.Combine(dir, "libnative.so"), overwrite: true);
                var item = new TaskItem(Path.Combine(dir, "libnative.so"));
                item.SetMetadata("NuGetPackageId", "Fake.Native");
                item.SetMetadata("NuGetPackageVersion", version);
                return item;
            }
            List<BuildWarningEventArgs> Build(ITaskItem asset)
            {
                var (task, engine) = Make(asset);
                task.AtBuild = true;
                task.BuildCheckCache = cache;
                Assert.That(task.Execute(), Is.True);
                return engine.Warnings.Where(w => w.Code == "GG1022").ToList();
            }

            Assert.That(Build(Asset("1.0.0", "libgreet.so.1")), Is.Empty, "the first build has nothing to compare with");
            var rose = Build(Asset("2.0.0", "libnewglibc.so"));
            Assert.That(rose.Select(w => w.Message), Is.EqualTo(new[]
            {
                "Fake.Native 1.0.0 → 2.0.0: runtimes/linux-x64/native/libnative.so now needs GLIBC 2.36; 1.0.0 needed GLIBC 2.2.5. " +
                "Fix: if the targets you ship to have the newer C library, nothing to do; otherwise keep Fake.Native 1.0.0 (the other findings on this file say which targets it leaves and what fits).",
            }));
            Assert.That(Build(Asset("2.0.0", "libnewglibc.so")), Is.Empty, "said once: the next build has nothing new");
            File.SetLastWriteTimeUtc(Path.Combine(root, "packages", "fake.native", "2.0.0", "runtimes", "linux-x64", "native", "libnative.so"), DateTime.UtcNow.AddMinutes(1));
            Assert.That(Build(Asset("2.0.0", "libnewglibc.so")), Is.Empty, "checked again, but the version recorded is already 2.0.0");
            Assert.That(Build(Asset("1.0.0", "libgreet.so.1")), Is.Empty, "a downgrade lowers the floor: nothing to say");
        }
}
}

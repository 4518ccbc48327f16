using System.IO;
using System.Linq;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>
    /// The CLI as a CI tool: a wrong command line is exit 2 with what was wrong, nothing to check is not a pass,
    /// a file it could not read is not a pass, no stack trace ever, and codes explain themselves offline.
    /// </summary>
    [TestFixture]
    public class CommandLineTests
    {
        private static (int Exit, string Out, string Err) Run(params string[] args) => InspectCommandTests.Run(args);

        [TestCase("check")]
        [TestCase("inspect")]
        public void An_unknown_option_is_a_usage_error_that_names_it(string command)
        {
            var r = Run(command, "--bogus-flag", Repo.Fixture("gcc-x86_64-pie"));
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.Contain("unknown option '--bogus-flag'"));
            Assert.That(r.Err, Does.Not.Contain("no such file"));
            Assert.That(r.Out, Is.Empty);
        }

        [TestCase(new[] { "check", "--format=xml", "x" }, "--format takes one of text, json, sarif, azure-pipelines, github, not 'xml'")]
        [TestCase(new[] { "check", "x", "--baseline" }, "--baseline needs a value")]
        [TestCase(new[] { "check", "x", "-b", "centos7", "--baseline", "centos9" }, "--baseline is given more than once")]
        [TestCase(new[] { "check", "x", "--matrix=yes" }, "--matrix takes no value")]
        [TestCase(new[] { "check", "x", "--app-layers", "two" }, "--app-layers takes a whole number of 1 or more, not 'two'")]
        [TestCase(new[] { "inspect", "x", "--max-total-bytes", "lots" }, "--max-total-bytes takes a size in bytes, such as 2G, 512M or 1000000, not 'lots'")]
        [TestCase(new[] { "inspect", "--format", "json" }, "inspect needs <paths>")]
        [TestCase(new[] { "diff", "a" }, "diff needs <old> and <new>")]
        [TestCase(new[] { "diff", "a", "b", "c" }, "unexpected argument 'c' for diff")]
        [TestCase(new[] { "explain", "GG1001", "GG1002" }, "unexpected argument 'GG1002' for explain")]
        [TestCase(new[] { "--bogus" }, "unknown option '--bogus'")]
        public void A_command_line_that_does_not_parse_says_what_is_wrong(string[] args, string error)
        {
            var r = Run(args);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.StartWith("glibcguard: " + error + "\n"));
        }

        [Test]
        public void Options_take_values_in_either_form_anywhere_and_a_double_dash_ends_them()
        {
            string dir = Repo.TempDir("double-dash");
            File.Copy(Repo.Fixture("gcc-x86_64-pie"), Path.Combine(dir, "--matrix"), overwrite: true);
            string saved = Directory.GetCurrentDirectory();
            try
            {
                Directory.SetCurrentDirectory(dir);
                var r = Run("check", "--baseline=centos9", "--format", "json", "--", "--matrix");
                Assert.That(r.Exit, Is.Zero, r.Err);
                Assert.That(r.Out, Does.Contain("\"id\": \"centos9\"").And.Contain("\"path\": \"--matrix\""), "after --, --matrix is the file");
            }
            finally
            {
                Directory.SetCurrentDirectory(saved);
            }
            var twice = Run("check", Repo.Fixture("gcc-x86_64-pie"), "--suppress", "/no/such/a", "--suppress", "/no/such/b");
            Assert.That(twice.Err, Does.Contain("/no/such/a"), "a repeatable option keeps each value: the first file is read (and missing)");
            Assert.That(Run("check", "--version").Exit, Is.EqualTo(2), "--version belongs to the tool, not to a command");
            var version = Run("--version");
            Assert.That(version.Out.Trim(), Does.Match(@"^\d+\.\d+\.\d+(-[\w.]+)?(\+[0-9a-f]+)?$"));
        }

        [Test]
        public void A_file_whose_name_starts_with_a_dash_is_still_a_path()
        {
            string dir = Repo.TempDir("dash");
            File.Copy(Repo.Fixture("gcc-x86_64-pie"), Path.Combine(dir, "-app"));
            string saved = Directory.GetCurrentDirectory();
            try
            {
                Directory.SetCurrentDirectory(dir);
                Assert.That(Run("check", "-app", "--baseline", "centos9").Exit, Is.Zero);
            }
            finally
            {
                Directory.SetCurrentDirectory(saved);
            }
        }

        [Test]
        public void Help_and_unknown_commands_print_help()
        {
            var help = Run("help");
            Assert.That(help.Exit, Is.Zero);
            Assert.That(help.Out, Does.Contain("Usage:").And.Contain("check").And.Contain("explain").And.Contain("Exit codes: 0 every file checked and compatible"));
            var helpCheck = Run("help", "check");
            Assert.That(helpCheck.Exit, Is.Zero);
            Assert.That(helpCheck.Out, Does.Contain("--baseline").And.Contain("glibcguard check ./publish --baseline centos8 --rid linux-x64"));
            // Words put in only when help is shown: every baseline's name, the read budget's defaults.
            Assert.That(helpCheck.Out, Does.Contain("centos7, centos8").And.Contain("(default 1 GiB; K, M, G suffixes)").And.Contain("in this run (default 4 GiB)"));
            Assert.That(helpCheck.Out.IndexOf('\u0001'), Is.EqualTo(-1), "no placeholder left (a char search: a culture's string search ignores control characters)");
            Assert.That(Run("check", "--help").Out, Is.EqualTo(helpCheck.Out));
            var none = Run();
            Assert.That(none.Exit, Is.EqualTo(2));
            Assert.That(none.Out, Does.Contain("Usage:"));
            var unknown = Run("frobnicate");
            Assert.That(unknown.Exit, Is.EqualTo(2));
            Assert.That(unknown.Err, Does.Contain("unknown command 'frobnicate'"));
            Assert.That(unknown.Out, Does.Contain("Usage:"));
            Assert.That(unknown.Err + unknown.Out, Does.Not.Contain("Required command was not provided"));
        }

        [Test]
        public void Nothing_to_check_is_exit_3_unless_allowed()
        {
            string empty = Repo.TempDir("empty");
            File.WriteAllText(Path.Combine(empty, "notes.txt"), "no ELF here");
            var r = Run("check", empty);
            Assert.That(r.Exit, Is.EqualTo(3));
            Assert.That(r.Err, Does.Contain("error GG0006: no ELF files found in " + empty));
            Assert.That(Run("check", empty, "--allow-empty").Exit, Is.Zero);
            Assert.That(Run("inspect", empty).Exit, Is.EqualTo(3));
        }

        [Test]
        public void A_named_file_that_is_not_elf_is_said_and_not_counted()
        {
            string dir = Repo.TempDir("notelf");
            string text = Path.Combine(dir, "README.md");
            File.WriteAllText(text, "# not a binary");
            var alone = Run("check", text);
            Assert.That(alone.Exit, Is.EqualTo(3));
            Assert.That(alone.Err, Does.Contain("warning GG0005: " + text + " is not an ELF file"));

            var mixed = Run("check", text, Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos9");
            Assert.That(mixed.Exit, Is.Zero);
            Assert.That(mixed.Out, Does.Contain("Checked 1 ELF file against"));
            Assert.That(mixed.Out, Does.Not.Contain("README.md"));
        }

        [Test]
        public void A_file_that_could_not_be_read_is_never_a_pass()
        {
            string dir = Repo.TempDir("trunc");
            byte[] head = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie")).Take(100).ToArray();
            File.WriteAllBytes(Path.Combine(dir, "truncated"), head);
            File.WriteAllBytes(Path.Combine(dir, "magic-only"), new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' });
            var r = Run("check", dir);
            Assert.That(r.Exit, Is.EqualTo(3), r.Out);
            Assert.That(r.Out, Does.Contain("truncated could not be checked").And.Contain("magic-only could not be checked"), "a folder scan lists them, not drops them");
            Assert.That(r.Out, Does.Contain("Checked 2 ELF files against").And.Contain("INCOMPLETE, 2 of them could not be checked"));
            Assert.That(r.Out, Does.Contain("Where the set runs cannot be said until every file is read.").And.Not.Contain("runs on: RHEL"));
            Assert.That(Run("check", dir, "--allow-unchecked").Exit, Is.Zero);

            var json = Run("check", dir, "--format", "json");
            Assert.That(json.Out, Does.Contain("\"unchecked\": 2").And.Contain("\"compatible\": false"));
        }

        [Test]
        public void An_unwritable_report_path_is_a_coded_error_not_a_stack_trace()
        {
            string path = Path.Combine(Repo.TempDir("out"), "no-such-folder", "report.sarif");
            var r = Run("check", Repo.Fixture("gcc-x86_64-pie"), "--format", "sarif", "--output", path);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.StartWith("glibcguard: error GG9006: the report could not be written to " + path));
            Assert.That(r.Err + r.Out, Does.Not.Contain("   at "));
        }

        [Test]
        public void Explain_prints_a_codes_documentation_offline()
        {
            var r = Run("explain", "GG1001");
            Assert.That(r.Exit, Is.Zero);
            Assert.That(r.Out, Does.StartWith("GG1001\n\n**A needed symbol version is missing on the baseline** (error)."));
            Assert.That(r.Out, Does.Contain("GlibcGuardLinkToBaseline").And.Not.Contain("## GG1002"));
            Assert.That(Run("explain", "9004").Out, Does.StartWith("GG9004"));
            Assert.That(Run("explain", "gg2004").Out, Does.StartWith("GG2004"));
            var list = Run("explain");
            Assert.That(list.Exit, Is.Zero);
            Assert.That(list.Out.Split('\n').Count(l => l.StartsWith("GG")), Is.EqualTo(System.Enum.GetValues<GlibcGuard.Compatibility.DiagnosticId>().Length));
            var unknown = Run("explain", "GG4242");
            Assert.That(unknown.Exit, Is.EqualTo(2));
            Assert.That(unknown.Err, Does.Contain("'GG4242' is not a GlibcGuard code"));
        }
    }
}

namespace GlibcGuard.Tests
{
    /// <summary>
    /// Before every test of the run: a code used at a severity the diagnostic registry does not declare throws,
    /// here and in every build and CLI run the tests start (they inherit the environment).
    /// </summary>
    [SetUpFixture]
    public class DeclaredSeverities
    {
        [OneTimeSetUp]
        public void Undeclared_severities_fail() => System.Environment.SetEnvironmentVariable("GLIBCGUARD_STRICT_DIAGNOSTICS", "1");
    }
}

namespace GlibcGuard.Cli
{
    /// <summary>Process exit codes shared by every command.</summary>
    internal static class ExitCodes
    {
        /// <summary>Every file was checked and none has an error-severity finding.</summary>
        public const int Ok = 0;
        /// <summary>At least one error-severity finding.</summary>
        public const int Incompatible = 1;
        /// <summary>The command line is wrong, a path does not exist, a report cannot be written.</summary>
        public const int Usage = 2;
        /// <summary>Nothing to check (no ELF file), or a file could not be checked: never a pass.</summary>
        public const int Incomplete = 3;

        public const string Help = "Exit codes: 0 every file checked and compatible; 1 at least one error-severity finding; " +
            "2 usage error (unknown option, missing path, unwritable report); 3 incomplete: no ELF file found, or a file could not be read.";
    }
}

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// A path to read, with what is known of it before it is opened: whether the user named it (then a file that is
    /// neither ELF nor a container is reported, not skipped) and what its location says (the RID of a
    /// runtimes/&lt;rid&gt;/ folder, the package an MSBuild item came from). Both front ends hand these to one reader.
    /// </summary>
    internal sealed class InputRequest
    {
        public InputRequest(string path, bool named, InputContext? context = null, bool knownRegular = false)
        {
            Path = path;
            Named = named;
            Context = context ?? InputContext.None;
            KnownRegular = knownRegular;
        }

        /// <summary>
        /// True when whoever made the request already knows the path is a regular file of four bytes or more (a
        /// folder walk sees each entry's type and size): the reader need not ask the file system again before
        /// opening it. False: the reader checks first, since opening a FIFO would block.
        /// </summary>
        public bool KnownRegular { get; }

        public string Path { get; }
        /// <summary>True for a path the user named: if it holds nothing to check, that is said (GG0005).</summary>
        public bool Named { get; }
        /// <summary>What the location says; a package's own entries get their context from the package.</summary>
        public InputContext Context { get; }
    }
}

using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>One entry of the dynamic table.</summary>
    public readonly struct ElfDynamicEntry
    {
        internal ElfDynamicEntry(ElfDynamicTag tag, ulong value)
        {
            Tag = tag;
            Value = value;
        }

        /// <summary>d_tag</summary>
        public ElfDynamicTag Tag { get; }
        /// <summary>d_val / d_ptr</summary>
        public ulong Value { get; }
    }

    /// <summary>The decoded dynamic table: what the dynamic loader reads before it runs the file.</summary>
    public sealed class ElfDynamicInfo
    {
        /// <summary>DF_1_PIE in DT_FLAGS_1.</summary>
        public const ulong DF_1_PIE = 0x08000000;

        internal ElfDynamicInfo(IReadOnlyList<ElfDynamicEntry> entries, IReadOnlyList<string> needed, string? soname,
            string? rpath, string? runpath, ulong flags, ulong flags1, bool foundThroughSections)
        {
            Entries = entries;
            Needed = needed;
            SharedObjectName = soname;
            RPath = rpath;
            RunPath = runpath;
            Flags = flags;
            Flags1 = flags1;
            FoundThroughSections = foundThroughSections;
        }

        /// <summary>Every entry up to (not including) DT_NULL, in file order.</summary>
        public IReadOnlyList<ElfDynamicEntry> Entries { get; }
        /// <summary>DT_NEEDED names in file order (the loader's search order).</summary>
        public IReadOnlyList<string> Needed { get; }
        /// <summary>DT_SONAME, or null.</summary>
        public string? SharedObjectName { get; }
        /// <summary>DT_RPATH, or null.</summary>
        public string? RPath { get; }
        /// <summary>DT_RUNPATH, or null.</summary>
        public string? RunPath { get; }
        /// <summary>DT_FLAGS (0 when absent).</summary>
        public ulong Flags { get; }
        /// <summary>DT_FLAGS_1 (0 when absent).</summary>
        public ulong Flags1 { get; }
        /// <summary>True when the table was found through SHT_DYNAMIC because there is no PT_DYNAMIC.</summary>
        public bool FoundThroughSections { get; }

        /// <summary>The value of the first entry with <paramref name="tag"/>, or null.</summary>
        public ulong? Find(ElfDynamicTag tag)
        {
            foreach (ElfDynamicEntry e in Entries)
            {
                if (e.Tag == tag)
                {
                    return e.Value;
                }
            }
            return null;
        }
    }
}

using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>One entry of the dynamic table.</summary>
    internal readonly struct ElfDynamicEntry
    {
        internal ElfDynamicEntry(ElfDynamicTag tag, ulong value, long fileOffset)
        {
            Tag = tag;
            Value = value;
            FileOffset = fileOffset;
        }

        /// <summary>d_tag</summary>
        public ElfDynamicTag Tag { get; }
        /// <summary>d_val / d_ptr</summary>
        public ulong Value { get; }
        /// <summary>Where the entry is in the file: errors about the value it holds point here.</summary>
        public long FileOffset { get; }
    }

    /// <summary>The decoded dynamic table: what the dynamic loader reads before it runs the file.</summary>
    internal sealed class ElfDynamicInfo
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

        private static readonly string[] s_flagNames = { "ORIGIN", "SYMBOLIC", "TEXTREL", "BIND_NOW", "STATIC_TLS" };

        // DF_1_* bit names in bit order, as readelf spells them ("" for bits it does not name).
        private static readonly string[] s_flag1Names =
        {
            "NOW", "GLOBAL", "GROUP", "NODELETE", "LOADFLTR", "INITFIRST", "NOOPEN", "ORIGIN", "DIRECT", "TRANS", "INTERPOSE",
            "NODEFLIB", "NODUMP", "CONFALT", "ENDFILTEE", "DISPRELDNE", "DISPRELPND", "NODIRECT", "IGNMULDEF", "NOKSYMS",
            "NOHDR", "EDITED", "NORELOC", "SYMINTPOSE", "GLOBAUDIT", "SINGLETON", "STUB", "PIE",
        };

        /// <summary>The names of the DT_FLAGS and DT_FLAGS_1 bits that are set ("BIND_NOW", "NOW", "PIE", …); unknown bits as hex.</summary>
        public IReadOnlyList<string> FlagNames
        {
            get
            {
                if (Flags == 0 && Flags1 == 0) return Array.Empty<string>();
                var names = new List<string>();
                AddNames(Flags, s_flagNames, "DF_", names);
                AddNames(Flags1, s_flag1Names, "DF_1_", names);
                return names;
            }
        }

        private static void AddNames(ulong bits, string[] table, string prefix, List<string> names)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                if ((bits & (1UL << bit)) == 0) continue;
                names.Add(bit < table.Length && table[bit].Length > 0 ? table[bit] : prefix + "0x" + (1UL << bit).ToString("x"));
            }
        }

        /// <summary>The file offset of the first entry with <paramref name="tag"/>, or -1.</summary>
        public long OffsetOf(ElfDynamicTag tag)
        {
            IReadOnlyList<ElfDynamicEntry> entries = Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                ElfDynamicEntry e = entries[i];
                if (e.Tag == tag)
                {
                    return e.FileOffset;
                }
            }
            return -1;
        }

        /// <summary>The value of the first entry with <paramref name="tag"/>, or null.</summary>
        public ulong? Find(ElfDynamicTag tag)
        {
            IReadOnlyList<ElfDynamicEntry> entries = Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                ElfDynamicEntry e = entries[i];
                if (e.Tag == tag)
                {
                    return e.Value;
                }
            }
            return null;
        }
    }
}

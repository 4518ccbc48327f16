namespace GlibcGuard.Elf
{
    /// <summary>
    /// Walks a chain of linked records (verneed/vernaux, verdef/verdaux) with three guards: the declared count,
    /// a 'next' of 0 ends the chain, and each record must be 4-byte aligned and lie inside the table. 'next'
    /// fields are unsigned and relative, so every step moves forward and a chain cannot loop.
    /// </summary>
    internal struct ElfChain
    {
        private readonly ElfBytes _table;
        private readonly int _recordSize;
        private readonly int _nextField;
        private readonly string _what;
        private readonly string? _of;
        private readonly uint _count;
        private long _position;
        private uint _visited;

        /// <param name="table">The bytes the records live in.</param>
        /// <param name="start">Offset of the first record in <paramref name="table"/>.</param>
        /// <param name="count">Declared number of records (vn_cnt, DT_VERNEEDNUM, …).</param>
        /// <param name="recordSize">Size of one record in bytes.</param>
        /// <param name="nextField">Offset of the record's 32-bit relative 'next' field.</param>
        /// <param name="what">Record name for messages: "verneed", "vernaux", …</param>
        /// <param name="of">What the records belong to, for messages ("vernaux of libc.so.6"): joined only if one is made.</param>
        public ElfChain(ElfBytes table, long start, uint count, int recordSize, int nextField, string what, string? of = null)
        {
            _table = table;
            _recordSize = recordSize;
            _nextField = nextField;
            _what = what;
            _of = of;
            _count = count;
            _position = start;
            _visited = 0;
            Current = -1;
        }

        private string What => _of is null ? _what : _what + " of " + _of;

        /// <summary>Offset of the current record in the table.</summary>
        public int Current { get; private set; }

        /// <summary>Number of records visited so far.</summary>
        public uint Visited => _visited;

        /// <summary>True when the chain ended on next == 0 before the declared count was reached.</summary>
        public bool EndedEarly { get; private set; }

        /// <summary>Moves to the next record; false at the end of the chain.</summary>
        /// <exception cref="ElfFormatException">A record is misaligned or outside the table.</exception>
        public bool MoveNext()
        {
            if (_visited == _count)
            {
                return false;
            }
            if (_visited > 0)
            {
                uint next = _table.PeekUInt32(Current + _nextField);
                if (next == 0)
                {
                    EndedEarly = true;
                    return false;
                }
                _position = (long)Current + next;
            }
            if ((_position & 3) != 0)
            {
                ElfThrow.Format(What + " record " + _visited + " is not 4-byte aligned", _table.FileOffset + _position);
            }
            if (!_table.Contains(_position, _recordSize))
            {
                ElfThrow.PastTable(What + " record " + _visited + " at table offset 0x" + _position.ToString("x") +
                    " runs past the table (size 0x" + _table.Length.ToString("x") + ")", _table.FileOffset + System.Math.Min(_position, _table.Length));
            }
            Current = (int)_position;
            _visited++;
            return true;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using GlibcGuard.Elf;
using Microsoft.Win32.SafeHandles;

namespace GlibcGuard.Benchmarks
{
    /// <summary>
    /// The same facts (interpreter, needed libraries, version needs, the per-symbol version join) from the same
    /// file, by our reader, LibObjectFile and ELFSharp, against the floor: opening the file and pread-ing just the
    /// byte ranges our reader reads, with no parsing.
    /// </summary>
    [MemoryDiagnoser]
    public class ReadFactsBenchmarks
    {
        [ParamsSource(nameof(Files))]
        public string File { get; set; } = "";

        public static IEnumerable<string> Files()
        {
            foreach (string candidate in new[]
            {
                "/usr/bin/ls",
                "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so",
                "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1",
            })
            {
                if (System.IO.File.Exists(candidate)) yield return candidate;
            }
        }

        private (long Offset, int Count)[] _ranges = Array.Empty<(long, int)>();
        private byte[] _buffer = Array.Empty<byte>();

        [GlobalSetup]
        public void Setup()
        {
            // Every reader must agree on the facts, or the comparison means nothing.
            Facts ours = PeerReaders.GlibcGuard(File);
            foreach (var (name, facts) in new[] { ("LibObjectFile", PeerReaders.LibObjectFile(File)), ("ELFSharp", PeerReaders.ElfSharp(File)) })
            {
                if (facts != ours) throw new InvalidOperationException(name + " read " + facts + ", GlibcGuard read " + ours + " from " + File);
            }
            var recording = new RecordingSource(File);
            using (ElfFile elf = ElfFile.Read(recording))
            {
                _ = elf.Interpreter;
                _ = elf.Dynamic;
                _ = elf.VersionNeeds;
                _ = elf.Imports;
            }
            _ranges = recording.Ranges.ToArray();
            int max = 0;
            foreach (var r in _ranges) max = Math.Max(max, r.Count);
            _buffer = new byte[max];
            Console.WriteLine("// " + File + ": " + ours + "; our reader read " + _ranges.Length + " ranges, " + Sum(_ranges) + " bytes");
        }

        private static long Sum((long Offset, int Count)[] ranges)
        {
            long total = 0;
            foreach (var r in ranges) total += r.Count;
            return total;
        }

        [Benchmark(Baseline = true, Description = "floor: pread of the needed ranges")]
        public int PreadFloor()
        {
            using SafeFileHandle handle = System.IO.File.OpenHandle(File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int total = 0;
            foreach (var (offset, count) in _ranges)
            {
                total += RandomAccess.Read(handle, new Span<byte>(_buffer, 0, count), offset);
            }
            return total;
        }

        [Benchmark(Description = "GlibcGuard")]
        public Facts GlibcGuard() => PeerReaders.GlibcGuard(File);

        [Benchmark(Description = "LibObjectFile 2.3.1")]
        public Facts LibObjectFile() => PeerReaders.LibObjectFile(File);

        [Benchmark(Description = "ELFSharp 2.17.3")]
        public Facts ElfSharp() => PeerReaders.ElfSharp(File);

        /// <summary>Reads through a file source and writes down every range asked for.</summary>
        private sealed class RecordingSource : ElfSource
        {
            private readonly ElfSource _inner;
            public readonly List<(long Offset, int Count)> Ranges = new();

            public RecordingSource(string path) => _inner = OpenFile(path);

            public override long Length => _inner.Length;

            protected override int ReadCore(long offset, byte[] buffer, int index, int count)
            {
                _inner.ReadExactly(offset, buffer, index, count);
                Ranges.Add((offset, count));
                return count;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Elf;
using GlibcGuard.Inputs;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// Reads what the inputs layer finds in a path into the files to judge: the facts of each ELF source with
    /// what its location says (package, RID folder, .NET runtime file). Never throws for bad input.
    /// </summary>
    internal static class InputInspector
    {
        /// <summary>Reads <paramref name="path"/> and whatever it contains; a file that is not ELF is an error fact.</summary>
        public static List<AnalysisInput> Read(string path) => Read(path, onlyIfElf: false);

        /// <summary>
        /// As <see cref="Read(string)"/> for a file found in a folder: a NuGet package, or a file that starts with
        /// the ELF magic; anything else gives an empty list. One open per ELF file.
        /// </summary>
        public static List<AnalysisInput> ReadIfElf(string path, string? rid = null, ReadBudget? budget = null) => Read(path, onlyIfElf: true, rid, budget);

        private static List<AnalysisInput> Read(string path, bool onlyIfElf, string? rid = null, ReadBudget? budget = null)
        {
            var inputs = new List<AnalysisInput>();
            InputContext context = rid is null ? InputContext.None : new InputContext(rid, null, null, null);
            InputReader.Read(path, onlyIfElf, context, budget ?? new ReadBudget(), source => inputs.Add(Inspect(source)));
            return inputs;
        }

        /// <summary>
        /// From this many requests on they are read in parallel, and whenever a container is among several (a package is
        /// much more work than a file); below (a publish: a few dozen files), starting the thread pool and its JIT costs
        /// more than it saves.
        /// </summary>
        private const int ParallelFrom = 64;

        /// <summary>
        /// The one reader both front ends use: each request's file, with what single-file bundles and packages
        /// contain, as the files to judge (one list per request, in request order). Each file is opened once. A file
        /// that is neither ELF nor a package gives nothing, and when the user named it its path goes to
        /// <paramref name="notElf"/> (GG0005); a FIFO, device or file under four bytes is never opened (reading one
        /// could block; none is ELF). A file that starts as ELF, or is listed and cannot be opened, is in the result
        /// with its error (GG0001, GG0002), never dropped. For a check on one baseline, <c>names</c> says which
        /// imported symbols' names are worth keeping (else all are kept).
        /// </summary>
        public static List<AnalysisInput>[] ReadAll(IReadOnlyList<InputRequest> requests, ReadBudget budget, List<string>? notElf = null, ImportNameFilter? names = null)
        {
            var read = new List<AnalysisInput>[requests.Count];
            Action<int> one = i =>
            {
                InputRequest request = requests[i];
                var inputs = new List<AnalysisInput>();
                if (request.KnownRegular || !NotARegularFile(request.Path))
                {
                    InputReader.Read(request.Path, onlyIfElf: true, request.Context, budget, source => inputs.Add(Inspect(source, names)));
                }
                read[i] = inputs;
            };
            if (requests.Count >= ParallelFrom || (requests.Count > 1 && requests.Any(r => InputReader.MayBeContainer(r.Path))))
            {
                System.Threading.Tasks.Parallel.For(0, requests.Count, one);
            }
            else
            {
                for (int i = 0; i < requests.Count; i++) one(i);
            }
            for (int i = 0; i < requests.Count; i++)
            {
                if (requests[i].Named && read[i].Count == 0) notElf?.Add(requests[i].Path);
            }
            return read;
        }

        /// <summary>True for a path that exists and is not a regular file of four bytes or more (a FIFO, a device, a tiny file).</summary>
        private static bool NotARegularFile(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists && (info.Length < 4 || (info.Attributes & (FileAttributes.Device | FileAttributes.Directory)) != 0);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return false; // let the read say what is wrong
            }
        }

        /// <summary>The facts of one source, read during the visit (its bytes may not outlive it).</summary>
        public static AnalysisInput Inspect(ElfInput source, ImportNameFilter? names = null)
        {
            BinaryFacts facts = source.Error is ContainerFormatException damage
                ? new BinaryFacts
                {
                    Path = source.Origin,
                    Error = new ReadError
                    {
                        Code = damage.OverBudget ? DiagnosticId.ReadBudgetExceeded : DiagnosticId.MalformedContainer,
                        Message = damage.Reason,
                        Offset = damage.Offset >= 0 ? damage.Offset : (long?)null,
                    },
                }
                : BinaryInspector.Inspect(source, names);
            InputContext context = source.Context;
            if (context.IdentityWarning != null)
            {
                facts.Warnings.Add("the package id is taken from the file name: " + context.IdentityWarning);
            }
            var input = new AnalysisInput(facts)
            {
                Rid = context.Rid is null ? null : RuntimeIdentifier.Parse(context.Rid),
                PackageId = context.PackageId,
                PackageVersion = context.PackageVersion,
                IsDotNetRuntime = DotNetRuntimeFiles.IsRuntimeFile(FileName(source.Origin), context.PackageId),
            };
            if (context.PackageId != null && source.Error is null)
            {
                facts.Package = new PackageFacts { Id = context.PackageId, Version = context.PackageVersion, Rid = input.Rid };
            }
            if (source.Bundle != null)
            {
                input.IsDotNetRuntime = true; // a bundle's host is the single-file host: the .NET runtime itself
                facts.Bundle = source.Bundle.Select(e => new BundleEntryFacts
                {
                    Path = e.Path,
                    Size = e.Size,
                    CompressedSize = e.CompressedSize,
                    Type = BundleTypeName(e.Type),
                }).ToList();
            }
            return input;
        }

        private static string FileName(string origin)
        {
            int cut = Math.Max(origin.LastIndexOf('/'), Math.Max(origin.LastIndexOf('\\'), origin.LastIndexOf('!')));
            return cut < 0 ? origin : origin.Substring(cut + 1);
        }

        private static string BundleTypeName(BundleFileType type) => type switch
        {
            BundleFileType.Assembly => "assembly",
            BundleFileType.NativeBinary => "native",
            BundleFileType.DepsJson => "deps.json",
            BundleFileType.RuntimeConfigJson => "runtimeconfig.json",
            BundleFileType.Symbols => "symbols",
            _ => "unknown",
        };
    }
}

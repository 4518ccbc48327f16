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

        /// <summary>The facts of one source, read during the visit (its bytes may not outlive it).</summary>
        public static AnalysisInput Inspect(ElfInput source)
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
                : BinaryInspector.Inspect(source);
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
                IsDotNetRuntime = DotNetRuntimeFiles.IsRuntimeFileName(FileName(source.Origin)),
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

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Inputs;

namespace GlibcGuard.Compatibility
{
    /// <summary>What judging a container image by its own layers found.</summary>
    internal sealed class ImageCheckResult
    {
        public ImageCheckResult(OwnImage own, Baseline baseline, AnalysisResult result, int appLayers)
        {
            Own = own;
            Baseline = baseline;
            Result = result;
            AppLayers = appLayers;
        }

        public OwnImage Own { get; }
        /// <summary>The image as a baseline (<see cref="Baseline.ForOwnImage"/>).</summary>
        public Baseline Baseline { get; }
        /// <summary>The findings on the files judged, and the entries left out (GG0008) first.</summary>
        public AnalysisResult Result { get; }
        /// <summary>How many of the top layers were judged (all of them for --all).</summary>
        public int AppLayers { get; }
    }

    /// <summary>
    /// Judges the ELF files a container image's top layers add (the app; every file with <c>all</c>) against the image
    /// itself (<see cref="OwnImage"/>): the same rules and codes as against a baseline, with the image's loader, C
    /// library and libraries in place of data.
    /// </summary>
    internal static class ImageCheck
    {
        public static ImageCheckResult Judge(ContainerImage image, bool all, int appLayers, IReadOnlyList<Suppression> suppressions)
        {
            OwnImage own = OwnImage.Read(image);
            Baseline baseline = Baseline.ForOwnImage(own);
            int layers = all ? image.LayerCount : Math.Max(1, Math.Min(appLayers, image.LayerCount));
            int firstApp = image.LayerCount - layers;
            var files = new List<AnalysisInput>();
            foreach (var (path, node) in image.Files.Files())
            {
                // A NativeAOT app's .dbg file holds its symbols, not code that is loaded (the publish gate skips it too).
                if (!node.IsElf || node.Layer < firstApp || path.EndsWith(".dbg", StringComparison.Ordinal)) continue;
                BinaryFacts? facts = own.FactsOf(path, node);
                if (facts != null)
                {
                    var input = new AnalysisInput(facts) { ImagePath = path };
                    input.IsDotNetRuntime = DotNetRuntimeFiles.IsRuntimeFileName(input.FileName);
                    files.Add(input);
                }
            }
            var options = new AnalysisOptions
            {
                Baseline = baseline,
                TargetIsMusl = own.IsMusl,
                Suppressions = suppressions,
            };
            options.DotNetApp = DotNetApp.Infer(files, own.InvariantFromEnv ?? InvariantFromRuntimeConfig(image, firstApp), usesOpenSsl: null);
            AnalysisResult judged = Analyzer.Analyze(files, options);
            var findings = image.Problems.Select(p => Diagnostics.ImageEntryRefused(image, p)).Concat(judged.Findings).ToList();
            return new ImageCheckResult(own, baseline, judged.WithFindings(findings), layers);
        }

        /// <summary>"System.Globalization.Invariant" in a runtimeconfig.json the app's layers hold (kept by the reader), or false when they say nothing.</summary>
        private static bool? InvariantFromRuntimeConfig(ContainerImage image, int firstApp)
        {
            foreach (var (path, node) in image.Files.Files())
            {
                if (node.Layer < firstApp || !path.EndsWith(".runtimeconfig.json", StringComparison.Ordinal) || node.Content is null) continue;
                try
                {
                    return RuntimeConfig.InvariantIn(File.ReadAllText(node.Content));
                }
                catch (IOException)
                {
                    return null;
                }
            }
            return null;
        }
    }
}

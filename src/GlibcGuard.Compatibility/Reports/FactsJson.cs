using System.Collections.Generic;
using System.IO;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>
    /// `glibcguard inspect`'s JSON: one object per file, every fact under its property's camelCase name, the typed
    /// facts by the names the text output uses ("x86_64", "shared-library", "GG0001"), written with the reports' own
    /// <see cref="JsonText"/> (the tests hold it to what System.Text.Json makes of the same facts).
    /// </summary>
    internal static class FactsJson
    {
        /// <summary>The facts as one JSON array.</summary>
        public static string ToJson(IReadOnlyList<BinaryFacts> facts)
        {
            var text = new JsonText();
            Write(text, facts);
            return text.ToString();
        }

        /// <summary>As <see cref="ToJson"/>, straight into <paramref name="writer"/>.</summary>
        public static void Write(TextWriter writer, IReadOnlyList<BinaryFacts> facts) => Write(new JsonText(writer), facts);

        private static void Write(JsonText w, IReadOnlyList<BinaryFacts> facts)
        {
            w.StartArray();
            for (int i = 0; i < facts.Count; i++) Write(w, facts[i]);
            w.EndArray();
        }

        private static void Write(JsonText w, BinaryFacts f)
        {
            w.StartObject()
                .Property("path", f.Path).Property("size", f.Size).Property("class", f.Class)
                .Property("endianness", f.Endianness?.Name()).Property("machine", f.Machine?.Name).Property("type", f.Type?.Name())
                .Property("linkage", f.Linkage?.Name()).Property("interpreter", f.Interpreter).Property("needed", f.Needed)
                .Property("soname", f.Soname).Property("rpath", f.Rpath).Property("runpath", f.Runpath).Property("dynamicFlags", f.DynamicFlags)
                .Property("libc", f.Libc?.Name()).Property("libcEvidence", f.LibcEvidence).Property("staticLoads", f.StaticLoads);
            w.Name("versionNeeds").StartArray();
            foreach (LibraryVersionNeeds library in f.VersionNeeds)
            {
                w.StartObject().Property("library", library.Library);
                w.Name("versions").StartArray();
                foreach (VersionNeedFacts version in library.Versions)
                {
                    w.StartObject().Property("name", version.Name).Property("weak", version.Weak).Property("index", version.Index)
                        .Property("symbols", version.Symbols).EndObject();
                }
                w.EndArray().EndObject();
            }
            w.EndArray();
            w.Property("versionDefinitions", f.VersionDefinitions);
            Map(w, "maxVersions", f.MaxVersions);
            w.Property("abiTagKernel", f.AbiTagKernel).Property("buildId", f.BuildId).Property("x86IsaNeeded", f.X86IsaNeeded?.Name())
                .Property("execStack", f.ExecStack).Property("nativeAot", f.NativeAot);
            w.Name("go");
            if (f.Go is GoFacts go)
            {
                w.StartObject().Property("version", go.Version).Property("module", go.Module).Name("cgo");
                if (go.Cgo is bool cgo) w.Bool(cgo);
                else w.Null();
                Map(w, "settings", go.Settings);
                w.EndObject();
            }
            else
            {
                w.Null();
            }
            w.Property("warnings", f.Warnings);
            w.Name("error");
            if (f.Error is ReadError error)
            {
                w.StartObject().Property("code", error.Code.AsString()).Property("message", error.Message).Name("offset").Number(error.Offset).EndObject();
            }
            else
            {
                w.Null();
            }
            w.Name("package");
            if (f.Package is PackageFacts package)
            {
                w.StartObject().Property("id", package.Id).Property("version", package.Version).Property("rid", package.Rid?.Value).EndObject();
            }
            else
            {
                w.Null();
            }
            w.Name("bundle");
            if (f.Bundle is List<BundleEntryFacts> bundle)
            {
                w.StartArray();
                foreach (BundleEntryFacts entry in bundle)
                {
                    w.StartObject().Property("path", entry.Path).Property("size", entry.Size).Property("compressedSize", entry.CompressedSize)
                        .Property("type", entry.Type).EndObject();
                }
                w.EndArray();
            }
            else
            {
                w.Null();
            }
            w.EndObject();
        }

        private static void Map(JsonText w, string name, SortedDictionary<string, string> map)
        {
            w.Name(name).StartObject();
            foreach (KeyValuePair<string, string> entry in map) w.Property(entry.Key, entry.Value);
            w.EndObject();
        }
    }
}

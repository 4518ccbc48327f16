using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// One suppression: a code, a path glob and optionally a library, version and symbol, each with wildcards
    /// (* and ?; ** in paths crosses folders). A path glob without '/' matches the file name anywhere.
    /// With a symbol, only matching symbols leave the finding (and its message); it goes when none are left.
    /// Library, version and symbol globs are case-sensitive, as the names are.
    /// </summary>
    internal sealed class Suppression
    {
        private readonly Glob _code, _path, _library, _version, _symbol;
        private readonly bool _hasSymbol;

        public Suppression(string code, string pathGlob = "*", string? library = null, string? version = null, string? symbol = null)
        {
            Code = code;
            PathGlob = pathGlob;
            Library = library;
            Version = version;
            Symbol = symbol;
            // Codes and paths ignore case (a package's folders vary in case); library, version and symbol names do
            // not: C symbols and sonames are case-sensitive, and `Foo` must not suppress `foo`.
            _code = new Glob(code, path: false, ignoreCase: true);
            _path = new Glob(pathGlob, path: true, ignoreCase: true);
            _library = new Glob(library ?? "*", path: false, ignoreCase: false);
            _version = new Glob(version ?? "*", path: false, ignoreCase: false);
            _symbol = new Glob(symbol ?? "*", path: false, ignoreCase: false);
            _hasSymbol = !string.IsNullOrEmpty(symbol) && symbol != "*";
        }

        public string Code { get; }
        public string PathGlob { get; }
        public string? Library { get; }
        public string? Version { get; }
        public string? Symbol { get; }

        /// <summary>Applies to a finding; returns the finding (perhaps with fewer symbols) or null when it is suppressed.</summary>
        public Finding? Apply(Finding finding)
        {
            if (!_code.IsMatch(finding.Code) || !PathMatches(finding.File) ||
                !_library.IsMatch(finding.Library ?? "") || !_version.IsMatch(finding.Version ?? ""))
            {
                return finding;
            }
            if (!_hasSymbol)
            {
                return null;
            }
            var left = new List<string>();
            foreach (string s in finding.Symbols)
            {
                if (!_symbol.IsMatch(s)) left.Add(s);
            }
            return left.Count == 0 ? null : left.Count == finding.Symbols.Count ? finding : finding.WithSymbols(left);
        }

        private bool PathMatches(string file)
        {
            string normalized = file.Replace('\\', '/');
            if (PathGlob.IndexOf('/') < 0)
            {
                int cut = Math.Max(normalized.LastIndexOf('/'), normalized.LastIndexOf('!'));
                return _path.IsMatch(cut < 0 ? normalized : normalized.Substring(cut + 1));
            }
            return _path.IsMatch(normalized) || _path.IsMatch(normalized.TrimStart('.', '/'));
        }

        /// <summary>
        /// Reads a suppression file: one entry a line, "CODE PATH-GLOB [LIBRARY [VERSION [SYMBOL]]]", separated by
        /// white space; '#' starts a comment. Throws <see cref="FormatException"/> naming the line of a bad entry.
        /// </summary>
        public static List<Suppression> ParseFile(string text, string fileName)
        {
            var list = new List<Suppression>();
            string[] lines = text.Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                string line = lines[n];
                int hash = line.IndexOf('#');
                if (hash >= 0) line = line.Substring(0, hash);
                string[] f = line.Split(new[] { ' ', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length == 0) continue;
                if (f.Length > 5 || NormalizeCode(f[0]) is not string code)
                {
                    throw new FormatException(fileName + "(" + (n + 1).ToString(CultureInfo.InvariantCulture) +
                        "): expected 'CODE PATH-GLOB [LIBRARY [VERSION [SYMBOL]]]', found '" + line.Trim() + "'");
                }
                list.Add(new Suppression(code, f.Length > 1 ? f[1] : "*", f.Length > 2 ? f[2] : null, f.Length > 3 ? f[3] : null, f.Length > 4 ? f[4] : null));
            }
            return list;
        }

        /// <summary>
        /// A code as suppressions write it ("GG1001", "1001", "GG10*") in its canonical form, or null when it is not
        /// one: the one check the CLI's files and MSBuild's GlibcGuardSuppress items share.
        /// </summary>
        public static string? NormalizeCode(string code)
        {
            string c = (code ?? "").Trim();
            int digits = c.StartsWith("GG", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
            if (c.Length == digits) return null;
            for (int i = digits; i < c.Length; i++)
            {
                if (!(c[i] >= '0' && c[i] <= '9') && c[i] != '*' && c[i] != '?') return null;
            }
            return c.StartsWith("GG", StringComparison.OrdinalIgnoreCase) ? c.ToUpperInvariant() : "GG" + c;
        }

        /// <summary>Reads and parses a suppression file from disk.</summary>
        public static List<Suppression> Load(string path) => ParseFile(File.ReadAllText(path), path);
    }
}

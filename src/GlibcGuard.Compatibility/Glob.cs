using System;
using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// A wildcard pattern of a suppression: <c>?</c> is one character, <c>*</c> any run of them (in a path, none of
    /// them '/'), and in a path <c>**</c> any run including '/' (<c>**/</c> also takes the '/' after it, so that
    /// <c>a/**/b</c> matches <c>a/b</c>). Everything else stands for itself, compared ordinally, or ignoring case.
    /// </summary>
    internal sealed class Glob
    {
        private enum Kind : byte
        {
            Literal,
            One,
            Star,     // any run without '/' (paths)
            AnyRun,   // any run
        }

        private readonly Kind[] _kinds;
        private readonly char[] _chars;
        private readonly bool _ignoreCase;

        public Glob(string pattern, bool path, bool ignoreCase)
        {
            var kinds = new List<Kind>(pattern.Length);
            var chars = new List<char>(pattern.Length);
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                Kind kind = Kind.Literal;
                if (c == '*' && path && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    kind = Kind.AnyRun;
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                }
                else if (c == '*') kind = path ? Kind.Star : Kind.AnyRun;
                else if (c == '?') kind = Kind.One;
                else if (ignoreCase) c = char.ToUpperInvariant(c);
                kinds.Add(kind);
                chars.Add(c);
            }
            _kinds = kinds.ToArray();
            _chars = chars.ToArray();
            _ignoreCase = ignoreCase;
        }

        /// <summary>True when the whole of <paramref name="text"/> matches.</summary>
        public bool IsMatch(string text)
        {
            // reached[i]: the tokens so far can match text[0..i). One pass per token; patterns are a few tokens.
            int n = text.Length;
            var reached = new bool[n + 1];
            var next = new bool[n + 1];
            reached[0] = true;
            for (int t = 0; t < _kinds.Length; t++)
            {
                Array.Clear(next, 0, next.Length);
                bool any = false;
                switch (_kinds[t])
                {
                    case Kind.Literal:
                        char want = _chars[t];
                        for (int i = 0; i < n; i++)
                        {
                            if (reached[i] && (_ignoreCase ? char.ToUpperInvariant(text[i]) : text[i]) == want) any = next[i + 1] = true;
                        }
                        break;
                    case Kind.One:
                        for (int i = 0; i < n; i++)
                        {
                            if (reached[i]) any = next[i + 1] = true;
                        }
                        break;
                    default:
                        bool crossesFolders = _kinds[t] == Kind.AnyRun;
                        for (int i = 0; i <= n; i++)
                        {
                            next[i] = reached[i] || (i > 0 && next[i - 1] && (crossesFolders || text[i - 1] != '/'));
                            any |= next[i];
                        }
                        break;
                }
                if (!any) return false;
                (reached, next) = (next, reached);
            }
            return reached[n];
        }
    }
}

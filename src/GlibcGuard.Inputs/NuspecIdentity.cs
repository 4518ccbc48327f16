using System;
using System.Text;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// The id and version a .nuspec declares (package/metadata/id and package/metadata/version), read by a small XML
    /// scanner of our own: elements, attributes, text, CDATA, comments, processing instructions and the five named
    /// and numeric character references. A document type declaration is refused, as NuGet's own reader refuses it;
    /// so is anything that is not well-formed on the way to the two values. One pass over at most the text given,
    /// no recursion, nothing resolved. (The CLI is a NativeAOT executable: System.Xml would be most of its size and
    /// a good part of its start-up, for two strings.)
    /// </summary>
    internal static class NuspecIdentity
    {
        /// <summary>The two values (null when absent), or an error saying what is malformed and where.</summary>
        public static (string? Id, string? Version, string? Error) Read(byte[] bytes, int length)
        {
            string text = Decode(bytes, length);
            try
            {
                return Scan(text);
            }
            catch (FormatException e)
            {
                return (null, null, e.Message);
            }
        }

        private static string Decode(byte[] bytes, int length)
        {
            if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return Encoding.Unicode.GetString(bytes, 2, length - 2);
            if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(bytes, 2, length - 2);
            int start = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return Encoding.UTF8.GetString(bytes, start, length - start);
        }

        private static (string? Id, string? Version, string? Error) Scan(string s)
        {
            string? id = null, version = null;
            // The open elements' local names; only the first three levels matter, deeper ones are counted.
            var path = new string[3];
            int depth = 0;
            StringBuilder? value = null; // the text of metadata/id or metadata/version while inside one
            int i = 0;
            while (i < s.Length)
            {
                if (s[i] != '<')
                {
                    int next = s.IndexOf('<', i);
                    if (next < 0) next = s.Length;
                    if (depth == 0 && !IsWhitespace(s, i, next)) throw Malformed("text outside the root element", s, i);
                    if (value != null) AppendText(value, s, i, next);
                    i = next;
                    continue;
                }
                if (Starts(s, i, "<!--"))
                {
                    i = After(s, i + 4, "-->", "an unterminated comment");
                }
                else if (Starts(s, i, "<![CDATA["))
                {
                    if (depth == 0) throw Malformed("CDATA outside the root element", s, i);
                    int end = s.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                    if (end < 0) throw Malformed("an unterminated CDATA section", s, i);
                    value?.Append(s, i + 9, end - i - 9);
                    i = end + 3;
                }
                else if (Starts(s, i, "<!"))
                {
                    throw Malformed("a document type declaration (not read, as NuGet does not read one)", s, i);
                }
                else if (Starts(s, i, "<?"))
                {
                    i = After(s, i + 2, "?>", "an unterminated processing instruction");
                }
                else if (Starts(s, i, "</"))
                {
                    int nameEnd = NameEnd(s, i + 2);
                    string name = LocalName(s, i + 2, nameEnd);
                    int close = SkipWhitespace(s, nameEnd);
                    if (close >= s.Length || s[close] != '>') throw Malformed("a malformed end tag", s, i);
                    if (depth == 0 || (depth <= path.Length && path[depth - 1] != name)) throw Malformed("an end tag </" + name + "> that closes nothing open", s, i);
                    if (depth == 3 && value != null)
                    {
                        if (path[2] == "id") id ??= value.ToString().Trim();
                        else version ??= value.ToString().Trim();
                        value = null;
                    }
                    depth--;
                    i = close + 1;
                    if (depth == 1 && path[1] == "metadata" && id != null && version != null) return (id, version, null);
                    if (depth == 0) return (id, version, null);
                }
                else
                {
                    int nameEnd = NameEnd(s, i + 1);
                    if (nameEnd == i + 1) throw Malformed("a '<' that starts no tag", s, i);
                    string name = LocalName(s, i + 1, nameEnd);
                    int end = TagEnd(s, nameEnd);
                    bool empty = s[end - 1] == '/';
                    if (depth < path.Length) path[depth] = name;
                    if (!empty)
                    {
                        depth++;
                        if (depth == 3 && path[1] == "metadata" && (name == "id" || name == "version")) value = new StringBuilder();
                    }
                    else if (depth == 0)
                    {
                        return (null, null, null);
                    }
                    i = end + 1;
                }
            }
            throw Malformed(depth > 0 ? "the document ends inside <" + path[Math.Min(depth, path.Length) - 1] + ">" : "no root element", s, s.Length);
        }

        /// <summary>Text with its character references replaced.</summary>
        private static void AppendText(StringBuilder value, string s, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (s[i] != '&')
                {
                    value.Append(s[i]);
                    continue;
                }
                int semicolon = s.IndexOf(';', i, Math.Min(end - i, 12));
                if (semicolon < 0) throw Malformed("an unterminated character reference", s, i);
                string name = s.Substring(i + 1, semicolon - i - 1);
                switch (name)
                {
                    case "lt": value.Append('<'); break;
                    case "gt": value.Append('>'); break;
                    case "amp": value.Append('&'); break;
                    case "apos": value.Append('\''); break;
                    case "quot": value.Append('"'); break;
                    default:
                        bool hex = name.StartsWith("#x", StringComparison.Ordinal);
                        if (!name.StartsWith("#", StringComparison.Ordinal) ||
                            !int.TryParse(name.Substring(hex ? 2 : 1), hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                                System.Globalization.CultureInfo.InvariantCulture, out int code) ||
                            code <= 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                        {
                            throw Malformed("an unknown entity &" + name + ";", s, i);
                        }
                        value.Append(char.ConvertFromUtf32(code));
                        break;
                }
                i = semicolon;
            }
        }

        /// <summary>The '>' that ends a start tag, past its attributes (whose quoted values may hold '>').</summary>
        private static int TagEnd(string s, int i)
        {
            while (i < s.Length)
            {
                char c = s[i];
                if (c == '>') return i;
                if (c == '"' || c == '\'')
                {
                    int close = s.IndexOf(c, i + 1);
                    if (close < 0) break;
                    i = close + 1;
                    continue;
                }
                if (c == '<') throw Malformed("a '<' inside a tag", s, i);
                i++;
            }
            throw Malformed("an unterminated tag", s, i);
        }

        private static int NameEnd(string s, int i)
        {
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] != '>' && s[i] != '/' && s[i] != '<' && s[i] != '=') i++;
            return i;
        }

        /// <summary>An element name without its namespace prefix: a .nuspec's elements are in NuGet's namespace under any prefix.</summary>
        private static string LocalName(string s, int start, int end)
        {
            int colon = s.IndexOf(':', start, end - start);
            return colon < 0 ? s.Substring(start, end - start) : s.Substring(colon + 1, end - colon - 1);
        }

        private static int After(string s, int i, string terminator, string what)
        {
            int end = s.IndexOf(terminator, i, StringComparison.Ordinal);
            if (end < 0) throw Malformed(what, s, i);
            return end + terminator.Length;
        }

        private static int SkipWhitespace(string s, int i)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            return i;
        }

        private static bool IsWhitespace(string s, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (!char.IsWhiteSpace(s[i]) && s[i] != '\uFEFF') return false;
            }
            return true;
        }

        private static bool Starts(string s, int i, string prefix) => string.CompareOrdinal(s, i, prefix, 0, prefix.Length) == 0;

        private static FormatException Malformed(string what, string s, int offset)
        {
            int line = 1, column = 1;
            for (int i = 0; i < offset && i < s.Length; i++)
            {
                if (s[i] == '\n') { line++; column = 1; }
                else column++;
            }
            return new FormatException(what + " at line " + line + ", column " + column);
        }
    }
}

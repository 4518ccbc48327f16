using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// Reads JSON text into plain values: an object is a <see cref="Dictionary{TKey, TValue}"/> (string → object?,
    /// the last of repeated names kept), an array a <see cref="List{T}"/>, a string a string, a number a double,
    /// true/false a bool, null null. For the few JSON files GlibcGuard reads beside a project (NuGet's
    /// project.assets.json): the .NET Framework task may load nothing Visual Studio's MSBuild also ships, so
    /// System.Text.Json is not available to it. Strict (no comments, no trailing commas) and bounded: nesting
    /// deeper than <see cref="MaxDepth"/> is refused, and the caller bounds the text's length.
    /// </summary>
    internal static class JsonValues
    {
        public const int MaxDepth = 128;

        /// <summary>The value the text holds, or a <see cref="FormatException"/> naming what is wrong and at which character.</summary>
        public static object? Parse(string text) => Parse(text, lenient: false);

        /// <summary>
        /// As <see cref="Parse(string)"/>; with <paramref name="lenient"/>, // and /* */ comments and trailing commas are
        /// taken as the .NET host takes them in a runtimeconfig.json.
        /// </summary>
        public static object? Parse(string text, bool lenient)
        {
            var reader = new Reader(text) { Lenient = lenient };
            reader.SkipSpace();
            object? value = reader.Value(0);
            reader.SkipSpace();
            if (reader.Position != text.Length) throw reader.Error("text after the value");
            return value;
        }

        /// <summary>The member <paramref name="name"/> of an object, or null when <paramref name="value"/> is not an object or has no such member.</summary>
        public static object? Member(object? value, string name) =>
            value is Dictionary<string, object?> o && o.TryGetValue(name, out object? v) ? v : null;

        /// <summary>The members of an object (none when it is not one), in the order written.</summary>
        public static IEnumerable<KeyValuePair<string, object?>> Members(object? value) =>
            value as Dictionary<string, object?> ?? (IEnumerable<KeyValuePair<string, object?>>)Array.Empty<KeyValuePair<string, object?>>();

        private sealed class Reader
        {
            private readonly string _text;

            public Reader(string text) => _text = text;

            public bool Lenient { get; set; }

            public int Position { get; private set; }

            public FormatException Error(string what) =>
                new FormatException("JSON: " + what + " at character " + Position.ToString(CultureInfo.InvariantCulture));

            public void SkipSpace()
            {
                while (Position < _text.Length)
                {
                    char c = _text[Position];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                    {
                        Position++;
                    }
                    else if (Lenient && c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '/')
                    {
                        int end = _text.IndexOf('\n', Position);
                        Position = end < 0 ? _text.Length : end + 1;
                    }
                    else if (Lenient && c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '*')
                    {
                        int end = _text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                        if (end < 0) throw Error("a comment is not closed");
                        Position = end + 2;
                    }
                    else
                    {
                        break;
                    }
                }
            }

            public object? Value(int depth)
            {
                if (depth > MaxDepth) throw Error("nesting deeper than " + MaxDepth);
                if (Position >= _text.Length) throw Error("end of text where a value was expected");
                char c = _text[Position];
                switch (c)
                {
                    case '{': return Object(depth);
                    case '[': return Array(depth);
                    case '"': return String();
                    case 't': Word("true"); return true;
                    case 'f': Word("false"); return false;
                    case 'n': Word("null"); return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return Number();
                        throw Error("unexpected '" + c + "'");
                }
            }

            private Dictionary<string, object?> Object(int depth)
            {
                var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                Position++;
                SkipSpace();
                if (Peek() == '}')
                {
                    Position++;
                    return members;
                }
                while (true)
                {
                    SkipSpace();
                    if (Lenient && Peek() == '}' && members.Count > 0)
                    {
                        Position++;
                        return members;
                    }
                    if (Peek() != '"') throw Error("a member name was expected");
                    string name = String();
                    SkipSpace();
                    Expect(':');
                    SkipSpace();
                    members[name] = Value(depth + 1);
                    SkipSpace();
                    char next = Peek();
                    Position++;
                    if (next == '}') return members;
                    if (next != ',') { Position--; throw Error("',' or '}' was expected"); }
                }
            }

            private List<object?> Array(int depth)
            {
                var items = new List<object?>();
                Position++;
                SkipSpace();
                if (Peek() == ']')
                {
                    Position++;
                    return items;
                }
                while (true)
                {
                    SkipSpace();
                    if (Lenient && Peek() == ']' && items.Count > 0)
                    {
                        Position++;
                        return items;
                    }
                    items.Add(Value(depth + 1));
                    SkipSpace();
                    char next = Peek();
                    Position++;
                    if (next == ']') return items;
                    if (next != ',') { Position--; throw Error("',' or ']' was expected"); }
                }
            }

            private string String()
            {
                Position++; // the opening quote
                StringBuilder? sb = null;
                int start = Position;
                while (true)
                {
                    if (Position >= _text.Length) throw Error("a string is not closed");
                    char c = _text[Position];
                    if (c == '"')
                    {
                        string tail = _text.Substring(start, Position - start);
                        Position++;
                        return sb is null ? tail : sb.Append(tail).ToString();
                    }
                    if (c < ' ') throw Error("a control character inside a string");
                    if (c != '\\')
                    {
                        Position++;
                        continue;
                    }
                    sb ??= new StringBuilder();
                    sb.Append(_text, start, Position - start);
                    Position++;
                    char e = Peek();
                    Position++;
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Position + 4 > _text.Length ||
                                !int.TryParse(_text.Substring(Position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                            {
                                throw Error("a \\u escape needs four hex digits");
                            }
                            sb.Append((char)code);
                            Position += 4;
                            break;
                        default:
                            Position--;
                            throw Error("unknown escape '\\" + e + "'");
                    }
                    start = Position;
                }
            }

            private double Number()
            {
                int start = Position;
                while (Position < _text.Length && "+-0123456789.eE".IndexOf(_text[Position]) >= 0)
                {
                    Position++;
                }
                if (!double.TryParse(_text.Substring(start, Position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    Position = start;
                    throw Error("a malformed number");
                }
                return value;
            }

            private void Word(string word)
            {
                if (string.CompareOrdinal(_text, Position, word, 0, word.Length) != 0) throw Error("unexpected '" + _text[Position] + "'");
                Position += word.Length;
            }

            private void Expect(char c)
            {
                if (Peek() != c) throw Error("'" + c + "' was expected");
                Position++;
            }

            private char Peek()
            {
                if (Position >= _text.Length) throw Error("unexpected end of text");
                return _text[Position];
            }
        }
    }
}

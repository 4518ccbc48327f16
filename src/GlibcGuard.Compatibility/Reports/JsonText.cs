using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>
    /// A small indented JSON writer with no dependencies, so that the .NET Framework task (which may load nothing
    /// Visual Studio's MSBuild also ships, System.Text.Json included) and the .NET builds write the same bytes: two
    /// spaces a level, "\n" line ends on every platform, "name": value, empty containers as {} and [], strings with
    /// the JSON escapes only ("\"", "\\", control characters, DEL and lone surrogates; everything else as it is).
    /// </summary>
    internal sealed class JsonText
    {
        private readonly TextWriter _sb;

        /// <summary>JSON into a string (<see cref="ToString"/>).</summary>
        public JsonText()
            : this(new StringWriter(CultureInfo.InvariantCulture))
        {
        }

        /// <summary>JSON straight into <paramref name="writer"/>: a report of thousands of files is never one string.</summary>
        public JsonText(TextWriter writer) => _sb = writer;
        // Per open container: whether anything has been written in it yet.
        private readonly Stack<bool> _open = new Stack<bool>();
        private bool _afterName;

        public JsonText StartObject() => Open('{');
        public JsonText EndObject() => Close('}');
        public JsonText StartArray() => Open('[');
        public JsonText EndArray() => Close(']');

        public JsonText Name(string name)
        {
            BeforeValue();
            Quote(name);
            _sb.Write(": ");
            _afterName = true;
            return this;
        }

        public JsonText String(string? value)
        {
            BeforeValue();
            if (value is null) _sb.Write("null");
            else Quote(value);
            return this;
        }

        public JsonText Number(long value)
        {
            BeforeValue();
            _sb.Write(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public JsonText Number(long? value) => value is long v ? Number(v) : Null();

        public JsonText Bool(bool value)
        {
            BeforeValue();
            _sb.Write(value ? "true" : "false");
            return this;
        }

        public JsonText Null()
        {
            BeforeValue();
            _sb.Write("null");
            return this;
        }

        /// <summary>"name": "value" (or null).</summary>
        public JsonText Property(string name, string? value) => Name(name).String(value);
        public JsonText Property(string name, long value) => Name(name).Number(value);
        public JsonText Property(string name, bool value) => Name(name).Bool(value);

        /// <summary>"name": ["a", "b"].</summary>
        public JsonText Property(string name, IReadOnlyList<string> values)
        {
            Name(name).StartArray();
            for (int i = 0; i < values.Count; i++) String(values[i]);
            return EndArray();
        }

        /// <summary>"name": ["a", "b"].</summary>
        public JsonText Property(string name, IEnumerable<string> values)
        {
            Name(name).StartArray();
            foreach (string v in values) String(v);
            return EndArray();
        }

        public override string ToString() => _sb.ToString()!;

        private static readonly string[] s_indents = new string[16];

        private static string Indent(int depth) =>
            depth < s_indents.Length ? s_indents[depth] ??= new string(' ', depth * 2) : new string(' ', depth * 2);

        private JsonText Open(char bracket)
        {
            BeforeValue();
            _sb.Write(bracket);
            _open.Push(false);
            return this;
        }

        private JsonText Close(char bracket)
        {
            bool any = _open.Pop();
            if (any)
            {
                NewLine();
            }
            _sb.Write(bracket);
            return this;
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }
            if (_open.Count == 0)
            {
                return;
            }
            if (_open.Peek())
            {
                _sb.Write(',');
            }
            else
            {
                _open.Pop();
                _open.Push(true);
            }
            NewLine();
        }

        private void NewLine()
        {
            _sb.Write('\n');
            _sb.Write(Indent(_open.Count));
        }

        private void Quote(string s)
        {
            _sb.Write('"');
            if (!NeedsEscape(s))
            {
                _sb.Write(s); // most strings: one write
                _sb.Write('"');
                return;
            }
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '"': _sb.Write("\\\""); break;
                    case '\\': _sb.Write("\\\\"); break;
                    case '\n': _sb.Write("\\n"); break;
                    case '\r': _sb.Write("\\r"); break;
                    case '\t': _sb.Write("\\t"); break;
                    case '\b': _sb.Write("\\b"); break;
                    case '\f': _sb.Write("\\f"); break;
                    default:
                        bool lone = char.IsHighSurrogate(c) ? !(i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) : char.IsLowSurrogate(c) && !(i > 0 && char.IsHighSurrogate(s[i - 1]));
                        if (c < 0x20 || c == 0x7f || lone)
                        {
                            _sb.Write("\\u");
                            _sb.Write(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _sb.Write(c);
                        }
                        break;
                }
            }
            _sb.Write('"');
        }

        /// <summary>True when <paramref name="s"/> has a character Quote writes escaped (surrogates: checked one by one there).</summary>
        private static bool NeedsEscape(string s)
        {
            foreach (char c in s)
            {
                if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f || char.IsSurrogate(c)) return true;
            }
            return false;
        }
    }
}

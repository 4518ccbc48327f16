using System.Collections.Generic;
using System.Globalization;
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
        private readonly StringBuilder _sb = new StringBuilder();
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
            _sb.Append(": ");
            _afterName = true;
            return this;
        }

        public JsonText String(string? value)
        {
            BeforeValue();
            if (value is null) _sb.Append("null");
            else Quote(value);
            return this;
        }

        public JsonText Number(long value)
        {
            BeforeValue();
            _sb.Append(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public JsonText Number(long? value) => value is long v ? Number(v) : Null();

        public JsonText Bool(bool value)
        {
            BeforeValue();
            _sb.Append(value ? "true" : "false");
            return this;
        }

        public JsonText Null()
        {
            BeforeValue();
            _sb.Append("null");
            return this;
        }

        /// <summary>"name": "value" (or null).</summary>
        public JsonText Property(string name, string? value) => Name(name).String(value);
        public JsonText Property(string name, long value) => Name(name).Number(value);
        public JsonText Property(string name, bool value) => Name(name).Bool(value);

        /// <summary>"name": ["a", "b"].</summary>
        public JsonText Property(string name, IEnumerable<string> values)
        {
            Name(name).StartArray();
            foreach (string v in values) String(v);
            return EndArray();
        }

        public override string ToString() => _sb.ToString();

        private JsonText Open(char bracket)
        {
            BeforeValue();
            _sb.Append(bracket);
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
            _sb.Append(bracket);
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
                _sb.Append(',');
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
            _sb.Append('\n');
            _sb.Append(' ', _open.Count * 2);
        }

        private void Quote(string s)
        {
            _sb.Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '"': _sb.Append("\\\""); break;
                    case '\\': _sb.Append("\\\\"); break;
                    case '\n': _sb.Append("\\n"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '\t': _sb.Append("\\t"); break;
                    case '\b': _sb.Append("\\b"); break;
                    case '\f': _sb.Append("\\f"); break;
                    default:
                        bool lone = char.IsHighSurrogate(c) ? !(i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) : char.IsLowSurrogate(c) && !(i > 0 && char.IsHighSurrogate(s[i - 1]));
                        if (c < 0x20 || c == 0x7f || lone)
                        {
                            _sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _sb.Append(c);
                        }
                        break;
                }
            }
            _sb.Append('"');
        }
    }
}

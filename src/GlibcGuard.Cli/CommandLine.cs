using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// One option of a command: `--name VALUE` (or `--name=VALUE`, or its one-letter alias), or a flag without a
    /// value. Values may be limited to a list or checked by <see cref="Validate"/> (which returns what is wrong).
    /// </summary>
    internal sealed class CliOption
    {
        public CliOption(string name, string description, string? alias = null, bool takesValue = true)
        {
            Name = name;
            Alias = alias;
            Description = description;
            TakesValue = takesValue;
        }

        public string Name { get; }
        public string? Alias { get; }
        public string Description { get; set; }
        public bool TakesValue { get; }
        /// <summary>May be given more than once (each value kept); otherwise a second one is a usage error.</summary>
        public bool Repeatable { get; init; }
        public string[]? Allowed { get; init; }
        /// <summary>Shown in help as [default: …]; <see cref="ParsedCommand.Value"/> returns it when the option is absent.</summary>
        public string? Default { get; init; }
        public Func<string, string?>? Validate { get; init; }
    }

    /// <summary>A command: its options, its positional arguments (one name, a count from min to max) and what runs it.</summary>
    internal sealed class CliCommand
    {
        public CliCommand(string name, string description, Func<ParsedCommand, int> run)
        {
            Name = name;
            Description = description;
            Run = run;
        }

        public string Name { get; }
        public string Description { get; set; }
        public Func<ParsedCommand, int> Run { get; }
        public List<CliOption> Options { get; } = new List<CliOption>();
        /// <summary>The arguments in help, each with what it is: one for a list ("paths"), or one per argument ("old", "new").</summary>
        public (string Name, string Description)[] Arguments { get; init; } = Array.Empty<(string, string)>();
        public int MinArguments { get; init; }
        public int MaxArguments { get; init; } = int.MaxValue;
    }

    /// <summary>What a command line said: the arguments in order and each option's values.</summary>
    internal sealed class ParsedCommand
    {
        private readonly Dictionary<CliOption, List<string>> _values = new Dictionary<CliOption, List<string>>();

        public List<string> Arguments { get; } = new List<string>();

        internal void Add(CliOption option, string value)
        {
            if (!_values.TryGetValue(option, out List<string>? values)) _values[option] = values = new List<string>();
            values.Add(value);
        }

        internal int CountOf(CliOption option) => _values.TryGetValue(option, out List<string>? values) ? values.Count : 0;

        public bool Flag(CliOption option) => CountOf(option) > 0;

        public string? Value(CliOption option) => _values.TryGetValue(option, out List<string>? values) ? values[values.Count - 1] : option.Default;

        public IReadOnlyList<string> Values(CliOption option) => _values.TryGetValue(option, out List<string>? values) ? values : (IReadOnlyList<string>)Array.Empty<string>();
    }

    /// <summary>
    /// The command line, parsed and printed by the tool itself (a library for it cost the NativeAOT executable a
    /// good part of its start-up): `glibcguard COMMAND [ARGUMENTS] [OPTIONS]`, options before, between or after the
    /// arguments, `--` ending them. A token that starts with '-' and names neither an option nor an existing file is
    /// an unknown option, never a path.
    /// </summary>
    internal static class CommandLine
    {
        public const string Program = "glibcguard";

        public static bool IsHelp(string token) => token == "--help" || token == "-h" || token == "-?";

        /// <summary>Parses the tokens after the command's name; false with what is wrong.</summary>
        public static bool TryParse(CliCommand command, IReadOnlyList<string> tokens, out ParsedCommand parsed, out string error)
        {
            parsed = new ParsedCommand();
            error = "";
            bool optionsEnded = false;
            for (int i = 0; i < tokens.Count; i++)
            {
                string token = tokens[i];
                if (optionsEnded || token.Length < 2 || token[0] != '-')
                {
                    parsed.Arguments.Add(token);
                    continue;
                }
                if (token == "--")
                {
                    optionsEnded = true;
                    continue;
                }
                int equals = token.StartsWith("--", StringComparison.Ordinal) ? token.IndexOf('=') : -1;
                string name = equals > 0 ? token.Substring(0, equals) : token;
                CliOption? option = Find(command, name);
                if (option is null)
                {
                    if (File.Exists(token) || Directory.Exists(token))
                    {
                        parsed.Arguments.Add(token);
                        continue;
                    }
                    error = Diagnostics.UnknownOption(token);
                    return false;
                }
                if (parsed.CountOf(option) > 0 && !option.Repeatable)
                {
                    error = Diagnostics.OptionRepeated(option.Name);
                    return false;
                }
                if (!option.TakesValue)
                {
                    if (equals > 0)
                    {
                        error = Diagnostics.FlagTakesNoValue(option.Name);
                        return false;
                    }
                    parsed.Add(option, "true");
                    continue;
                }
                string value;
                if (equals > 0)
                {
                    value = token.Substring(equals + 1);
                }
                else if (i + 1 < tokens.Count)
                {
                    value = tokens[++i];
                }
                else
                {
                    error = Diagnostics.OptionNeedsValue(option.Name);
                    return false;
                }
                if (option.Allowed != null && Array.IndexOf(option.Allowed, value) < 0)
                {
                    error = Diagnostics.ValueNotAllowed(option.Name, value, option.Allowed);
                    return false;
                }
                if (option.Validate?.Invoke(value) is string wrong)
                {
                    error = wrong;
                    return false;
                }
                parsed.Add(option, value);
            }
            if (parsed.Arguments.Count < command.MinArguments)
            {
                error = Diagnostics.ArgumentsMissing(command.Name, NamesOf(command));
                return false;
            }
            if (parsed.Arguments.Count > command.MaxArguments)
            {
                error = Diagnostics.ArgumentUnexpected(command.Name, parsed.Arguments[command.MaxArguments]);
                return false;
            }
            return true;
        }

        private static CliOption? Find(CliCommand command, string name)
        {
            foreach (CliOption option in command.Options)
            {
                if (option.Name == name || option.Alias == name) return option;
            }
            return null;
        }

        /// <summary>A command's help: description, usage, arguments, options (with their allowed values and defaults).</summary>
        public static void WriteHelp(CliCommand command, TextWriter output)
        {
            var text = new StringBuilder();
            Section(text, "Description:", command.Description);
            string usage = Usage(command);
            text.Append("Usage:\n  ").Append(Program).Append(' ').Append(command.Name).Append(usage.Length > 0 ? " " + usage : "").Append(" [options]\n\n");
            if (command.Arguments.Length > 0)
            {
                text.Append("Arguments:\n");
                var argumentRows = new List<(string, string)>();
                foreach (var (name, description) in command.Arguments) argumentRows.Add(("<" + name + ">", description));
                Rows(text, argumentRows);
            }
            var rows = new List<(string, string)>();
            foreach (CliOption option in command.Options)
            {
                string label = (option.Alias != null ? option.Alias + ", " : "") + option.Name +
                    (option.TakesValue ? " <" + (option.Allowed != null ? string.Join("|", option.Allowed) : option.Name.TrimStart('-')) + ">" : "");
                rows.Add((label, option.Description + (option.Default != null ? " [default: " + option.Default + "]" : "")));
            }
            rows.Add(("-?, -h, --help", Diagnostics.HelpOptionDescription()));
            text.Append("Options:\n");
            Rows(text, rows);
            output.Write(text.ToString());
        }

        /// <summary>The tool's help: what it is, usage, the commands.</summary>
        public static void WriteRootHelp(string description, IReadOnlyList<CliCommand> commands, TextWriter output)
        {
            var text = new StringBuilder();
            Section(text, "Description:", description);
            text.Append("Usage:\n  ").Append(Program).Append(" [command] [options]\n\n");
            text.Append("Options:\n");
            Rows(text, new[] { ("-?, -h, --help", Diagnostics.HelpOptionDescription()), ("--version", Diagnostics.VersionOptionDescription()) });
            text.Append("Commands:\n");
            var rows = new List<(string, string)>();
            foreach (CliCommand command in commands)
            {
                string arguments = Usage(command);
                rows.Add((command.Name + (arguments.Length > 0 ? " " + arguments : ""), command.Description.Split('\n')[0]));
            }
            Rows(text, rows);
            output.Write(text.ToString());
        }

        private static string[] NamesOf(CliCommand command)
        {
            var names = new string[command.Arguments.Length];
            for (int i = 0; i < names.Length; i++) names[i] = command.Arguments[i].Name;
            return names;
        }

        private static string Usage(CliCommand command)
        {
            string[] names = NamesOf(command);
            if (names.Length == 0) return "";
            if (names.Length == 1 && command.MaxArguments > 1)
            {
                return command.MinArguments == 0 ? "[<" + names[0] + ">...]" : "<" + names[0] + ">...";
            }
            var parts = new List<string>();
            for (int i = 0; i < names.Length; i++)
            {
                parts.Add(i < command.MinArguments ? "<" + names[i] + ">" : "[<" + names[i] + ">]");
            }
            return string.Join(" ", parts);
        }

        private static void Section(StringBuilder text, string title, string body)
        {
            text.Append(title).Append('\n');
            foreach (string line in body.Split('\n')) text.Append(line.Length > 0 ? "  " + line : "").Append('\n');
            text.Append('\n');
        }

        private static void Rows(StringBuilder text, IReadOnlyList<(string Label, string Text)> rows)
        {
            int width = 0;
            foreach (var row in rows) width = Math.Max(width, row.Label.Length);
            foreach (var (label, description) in rows)
            {
                text.Append("  ").Append(label.PadRight(width + 2)).Append(description).Append('\n');
            }
            text.Append('\n');
        }
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;

namespace Nas.Cli.Console;

/// <summary>The first problem of a command line that does not parse, in one line that says what to do.</summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        string path = Path(parsed.CommandResult);
        if (parsed.UnmatchedTokens.Count > 0)
        {
            string token = parsed.UnmatchedTokens[0];
            if (command is RootCommand)
                return $"'{token}' is not a nas command (commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))})";
            if (!token.StartsWith('-') && command.Subcommands.Count > 0)
                return $"'{token}' is not a choice of {path} (choices: {string.Join(", ", command.Subcommands.Select(c => c.Name))})";
            return token.StartsWith('-')
                ? $"{token} is not an option of {path} ({path} --help lists them)"
                : $"unexpected '{token}' in {path} ({path} --help)";
        }
        var error = parsed.Errors[0];
        if (error.SymbolResult is OptionResult option)
        {
            string name = option.Option.Name;
            return option.Tokens.Count == 0
                ? $"{name} needs a value"
                : option.Option.ValueType == typeof(bool) || option.Option.ValueType == typeof(bool?)
                    ? $"{name}: '{option.Tokens[0].Value}' is not true or false"
                    : $"{name}: '{option.Tokens[0].Value}' is not a valid value ({error.Message.TrimEnd('.')})";
        }
        return $"{error.Message.TrimEnd('.')} ({path} --help)";
    }

    private static string Path(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) names.Add(c.Command is RootCommand ? "nas" : c.Command.Name);
        names.Reverse();
        return string.Join(" ", names);
    }
}

namespace WitSharp.HostRuntime.Plugins.Configuration;

/// <summary>A <c>.novywave</c> file is not valid TOML or does not match the schema.</summary>
public sealed class NovywaveConfigException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">1-based line of the offending text (0 when the problem is the whole file).</param>
    /// <param name="column">1-based column of the offending text (0 when the problem is the whole file).</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public NovywaveConfigException(string path, int line, int column, string reason, Exception? inner = null)
        : base(line > 0 ? $"{path}:{line}:{column}: {reason}" : $"{path}: {reason}", inner)
    {
        FilePath = path;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line, or 0 when the problem is the whole file.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when the problem is the whole file.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}

using Microsoft.Extensions.Logging;

namespace WitSharp.HostRuntime.Tests;

/// <summary>A logger that records every entry with the scope active when it was written; safe to write from plugin worker threads.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message, object? Scope)> entries = [];
    private object? scope;

    /// <summary>A snapshot of the entries so far.</summary>
    public List<(LogLevel Level, string Message, object? Scope)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>The entries as <c>"Level: message"</c> lines.</summary>
    public List<string> Lines => [.. Entries.Select(entry => $"{entry.Level}: {entry.Message}")];

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        scope = state;
        return new EndScope(this);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (entries)
        {
            entries.Add((logLevel, formatter(state, exception), scope));
        }
    }

    private sealed class EndScope(CapturingLogger owner) : IDisposable
    {
        public void Dispose() => owner.scope = null;
    }
}

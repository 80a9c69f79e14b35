using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DltSigner.P2P.Tests;

/// <summary>A logger factory that keeps every message, so tests can check what the stack logged.</summary>
public sealed class CollectingLoggerFactory : ILoggerFactory, ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public bool Echo { get; init; }

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = $"{logLevel}: {formatter(state, exception)}";
        _messages.Enqueue(message);
        if (Echo)
        {
            Console.Error.WriteLine(message);
        }
    }

    public void Dispose()
    {
    }
}

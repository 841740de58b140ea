using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace WitSharp.Analyzers
{
    /// <summary>The .NET members WSA0003 treats as blocking: sleeping, synchronous waits, synchronous network I/O.</summary>
    internal static class BlockingMembers
    {
        // Stands for every method whose name does not end in Async.
        private const string AnyNonAsync = "*sync";

        // Type (without generic arity) -> blocking member names.
        private static readonly Dictionary<string, string[]> Members = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["System.Threading.Thread"] = new[] { "Sleep", "Join" },
            ["System.Threading.Tasks.Task"] = new[] { "Wait", "WaitAll", "WaitAny", "RunSynchronously", "Result" },
            ["System.Threading.Tasks.ValueTask"] = new[] { "Result" },
            ["System.Threading.WaitHandle"] = new[] { "WaitOne", "WaitAll", "WaitAny", "SignalAndWait" },
            ["System.Threading.SemaphoreSlim"] = new[] { "Wait" },
            ["System.Threading.ManualResetEventSlim"] = new[] { "Wait" },
            ["System.Threading.CountdownEvent"] = new[] { "Wait" },
            ["System.Threading.Barrier"] = new[] { "SignalAndWait" },
            ["System.Threading.Monitor"] = new[] { "Wait" },
            ["System.Net.Http.HttpClient"] = new[] { "Send" },
            ["System.Net.WebClient"] = new[] { AnyNonAsync },
            ["System.Net.WebRequest"] = new[] { "GetResponse", "GetRequestStream" },
            ["System.Net.HttpWebRequest"] = new[] { "GetResponse", "GetRequestStream" },
            ["System.Net.Dns"] = new[] { "GetHostEntry", "GetHostAddresses", "GetHostByName", "GetHostByAddress", "Resolve" },
            ["System.Net.Sockets.Socket"] = new[] { "Connect", "Accept", "Receive", "ReceiveFrom", "ReceiveMessageFrom", "Send", "SendTo", "SendFile", "Disconnect", "Poll", "Select" },
            ["System.Net.Sockets.TcpClient"] = new[] { "Connect" },
            ["System.Net.Sockets.TcpListener"] = new[] { "AcceptSocket", "AcceptTcpClient" },
            ["System.Net.Sockets.UdpClient"] = new[] { "Receive", "Send", "Connect" },
        };

        public static bool IsBlocking(INamedTypeSymbol type, string typeName, ISymbol member)
        {
            // await's GetResult is not an invocation in the operation tree, so any call to an awaiter's GetResult is
            // the synchronous .GetAwaiter().GetResult() pattern.
            if (member.Name == "GetResult" && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices"
                && type.Name.EndsWith("Awaiter", StringComparison.Ordinal))
                return true;
            bool isConstructor = member is IMethodSymbol { MethodKind: MethodKind.Constructor };
            // A TcpClient constructed with a host and port connects synchronously.
            if (isConstructor)
                return typeName == "System.Net.Sockets.TcpClient" && ((IMethodSymbol)member).Parameters.Length == 2;
            if (!Members.TryGetValue(typeName, out string[]? names))
                return false;
            foreach (string name in names)
            {
                if (name == member.Name
                    || (name == AnyNonAsync && member.Kind == SymbolKind.Method && !member.Name.EndsWith("Async", StringComparison.Ordinal)))
                    return true;
            }
            return false;
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace WitSharp.Analyzers
{
    /// <summary>The System.IO members WSA0004 treats as direct filesystem access.</summary>
    internal static class FileSystemMembers
    {
        // Every member of these types reaches the filesystem (Path, Stream, MemoryStream, StringReader... do not).
        private static readonly HashSet<string> FileSystemTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo",
            "System.IO.FileSystemInfo", "System.IO.FileStream", "System.IO.FileSystemWatcher", "System.IO.DriveInfo",
            "System.IO.RandomAccess",
        };

        // Readers and writers open a file when constructed from a path.
        private static readonly HashSet<string> PathConstructedTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.IO.StreamReader", "System.IO.StreamWriter",
        };

        public static bool IsFileSystem(INamedTypeSymbol type, string typeName, ISymbol member)
        {
            if (FileSystemTypes.Contains(typeName) || type.ContainingNamespace?.ToDisplayString() == "System.IO.Enumeration")
                return true;
            return PathConstructedTypes.Contains(typeName)
                && member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                && constructor.Parameters.Length > 0
                && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;
        }
    }
}

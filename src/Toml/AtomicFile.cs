using System;
using System.IO;
using System.Text;

namespace WitSharp.Toml
{
    /// <summary>Write-to-temp-then-rename saving that never leaves a bad or half-written target.</summary>
    internal static class AtomicFile
    {
        public static void Save(TomlDocument document, string path)
        {
            var text = document.ToString();
            TomlDocument reparsed;
            try
            {
                reparsed = TomlDocument.Parse(text, path);
            }
            catch (TomlException e)
            {
                throw new TomlException($"refusing to save: the written text does not parse back ({e.Reason})", e.Position, e);
            }

            if (!TomlEquality.Equal(document.Root, reparsed.Root))
            {
                throw new TomlException("refusing to save: the written text parses back to different values", new TomlPosition(path, 1, 1));
            }

            var fullPath = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(fullPath) ?? ".";
            var temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    var bytes = new UTF8Encoding(false).GetBytes(text);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }

                if (File.Exists(fullPath))
                {
                    File.Replace(temporary, fullPath, null);
                }
                else
                {
                    File.Move(temporary, fullPath);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Inputs;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tasks
{
    /// <summary>
    /// The build-time check's list of the files it checked: one line a file, "path|size|ticks" (UTC write time).
    /// A file that is missing or damaged reads as empty: everything is checked again.
    /// </summary>
    internal static class BuildCheckCacheFile
    {
        public static string Key(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? path + "|" + info.Length + "|" + info.LastWriteTimeUtc.Ticks : path + "|missing";
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return path + "|unreadable";
            }
        }

        public static HashSet<string> Read(string? cache)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(cache))
            {
                return keys;
            }
            try
            {
                if (File.Exists(cache))
                {
                    foreach (string line in File.ReadAllLines(cache!))
                    {
                        if (line.Length > 0) keys.Add(line);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                keys.Clear();
            }
            return keys;
        }

        public static void Write(string? cache, IEnumerable<string> keys, TaskLoggingHelper log)
        {
            if (string.IsNullOrEmpty(cache))
            {
                return;
            }
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cache!))!);
                File.WriteAllLines(cache!, keys);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                log.LogMessage(MessageImportance.Low, "GlibcGuard could not write " + cache + ": " + e.Message + "; the next build checks again.");
            }
        }
    }
}

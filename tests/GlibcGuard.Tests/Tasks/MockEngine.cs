using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;

namespace GlibcGuard.Tests.Tasks
{
    /// <summary>A build engine that records what a task logs, one line per event: "WARNING GG1001 file: message".</summary>
    internal sealed class MockEngine : IBuildEngine
    {
        public List<string> Lines { get; } = new();
        public List<BuildWarningEventArgs> Warnings { get; } = new();
        public List<BuildErrorEventArgs> Errors { get; } = new();
        public List<BuildMessageEventArgs> Messages { get; } = new();

        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "app.csproj";

        public void LogErrorEvent(BuildErrorEventArgs e) { Errors.Add(e); Lines.Add("ERROR " + e.Code + " " + e.File + ": " + e.Message); }
        public void LogWarningEvent(BuildWarningEventArgs e) { Warnings.Add(e); Lines.Add("WARNING " + e.Code + " " + e.File + ": " + e.Message); }
        public void LogMessageEvent(BuildMessageEventArgs e) { Messages.Add(e); Lines.Add("MESSAGE " + e.Code + " " + e.File + ": " + e.Message); }
        public void LogCustomEvent(CustomBuildEventArgs e) => Lines.Add("CUSTOM " + e.Message);
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public string Log => string.Join("\n", Lines);
        public IEnumerable<string> Codes => Warnings.Select(w => "W:" + w.Code).Concat(Errors.Select(e => "E:" + e.Code));
    }
}

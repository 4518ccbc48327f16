using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.TaskHost
{
    /// <summary>
    /// Runs GlibcGuard's CheckNativeFiles task from a task assembly, as MSBuild would.
    ///   GlibcGuard.TaskHost.exe TASK-ASSEMBLY Name=Value...
    /// Files=PATH;PATH sets the Files items; any other Name sets the task parameter of that name (string or bool).
    /// Every event the task logs is written to standard output as one line, "WARNING GG1001 FILE: MESSAGE" (ERROR,
    /// WARNING, MESSAGE, CUSTOM; newlines in the message as \n), the form the tests' own engine records for the .NET
    /// task. The exit code is 0 when Execute returned true, 1 when it returned false.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            Assembly tasks = Assembly.LoadFrom(Path.GetFullPath(args[0]));
            Type type = tasks.GetType("GlibcGuard.Tasks.CheckNativeFiles", throwOnError: true)!;
            var task = (ITask)Activator.CreateInstance(type)!;
            task.BuildEngine = new Engine();
            foreach (string arg in args.Skip(1))
            {
                int eq = arg.IndexOf('=');
                string name = arg.Substring(0, eq), value = arg.Substring(eq + 1);
                PropertyInfo property = type.GetProperty(name) ?? throw new ArgumentException("the task has no parameter " + name);
                if (property.PropertyType == typeof(ITaskItem[]))
                {
                    property.SetValue(task, value.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(p => (ITaskItem)new TaskItem(p)).ToArray());
                }
                else if (property.PropertyType == typeof(bool))
                {
                    property.SetValue(task, bool.Parse(value));
                }
                else
                {
                    property.SetValue(task, value);
                }
            }
            bool ok = task.Execute();
            Console.Out.Flush();
            return ok ? 0 : 1;
        }

        private sealed class Engine : IBuildEngine
        {
            private static void Write(string line) => Console.Out.Write(line.Replace("\n", "\\n") + "\n");

            public void LogErrorEvent(BuildErrorEventArgs e) => Write("ERROR " + e.Code + " " + e.File + ": " + e.Message);
            public void LogWarningEvent(BuildWarningEventArgs e) => Write("WARNING " + e.Code + " " + e.File + ": " + e.Message);
            public void LogMessageEvent(BuildMessageEventArgs e) => Write("MESSAGE " + e.Code + " " + e.File + ": " + e.Message);
            public void LogCustomEvent(CustomBuildEventArgs e) => Write("CUSTOM " + e.Message);
            public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
            public bool ContinueOnError => false;
            public int LineNumberOfTaskNode => 0;
            public int ColumnNumberOfTaskNode => 0;
            public string ProjectFileOfTaskNode => "app.csproj";
        }
    }
}

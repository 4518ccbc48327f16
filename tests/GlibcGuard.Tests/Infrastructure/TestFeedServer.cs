using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// A NuGet v3 feed of one package on 127.0.0.1: the service index and the flat container (versions list and
    /// .nupkg files), which is what restore and NuGet's FindPackageByIdResource ask for. Stopped when disposed.
    /// </summary>
    internal sealed class TestFeedServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _id;
        private readonly Dictionary<string, string> _packages;
        private readonly Thread _thread;
        private readonly List<string> _downloads = new();

        public TestFeedServer(string id, Dictionary<string, string> packages)
        {
            _id = id.ToLowerInvariant();
            _packages = packages;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Base = "http://127.0.0.1:" + port + "/";
            _listener.Prefixes.Add(Base);
            _listener.Start();
            _thread = new Thread(Serve) { IsBackground = true };
            _thread.Start();
        }

        public string Base { get; }
        public string Index => Base + "v3/index.json";

        public IReadOnlyList<string> Downloads { get { lock (_downloads) return _downloads.ToList(); } }

        private void Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = _listener.GetContext(); }
                catch (Exception e) when (e is HttpListenerException || e is ObjectDisposedException || e is InvalidOperationException) { return; }
                string path = context.Request.Url!.AbsolutePath.ToLowerInvariant();
                byte[]? body = null;
                if (path == "/v3/index.json")
                {
                    body = Encoding.UTF8.GetBytes(@"{""version"": ""3.0.0"", ""resources"": [{""@id"": """ + Base + @"flat/"", ""@type"": ""PackageBaseAddress/3.0.0""}]}");
                }
                else if (path == "/flat/" + _id + "/index.json")
                {
                    body = Encoding.UTF8.GetBytes(@"{""versions"": [" + string.Join(", ", _packages.Keys.Select(v => "\"" + v + "\"")) + "]}");
                }
                else
                {
                    foreach (var (version, file) in _packages)
                    {
                        if (path == "/flat/" + _id + "/" + version + "/" + _id + "." + version + ".nupkg")
                        {
                            body = File.ReadAllBytes(file);
                            lock (_downloads) _downloads.Add(version);
                        }
                    }
                }
                context.Response.StatusCode = body is null ? 404 : 200;
                if (body != null) context.Response.OutputStream.Write(body, 0, body.Length);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}

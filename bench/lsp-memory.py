#!/usr/bin/env python3
"""Peak memory of the language server on one document: open it, then change it twice (whole-document sync), and
print the resident and peak resident memory (VmRSS, VmHWM) after each. Used by bench/memory.sh.

    python3 bench/lsp-memory.py FILE.policy [POLICYDSL_DLL]
"""
import subprocess, json, sys, time, os
path=os.path.abspath(sys.argv[1]); text=open(path).read()
dll=sys.argv[2] if len(sys.argv)>2 else os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','src','Repl','bin','Release','net10.0','policydsl.dll')
p=subprocess.Popen(['dotnet',dll,'lsp'],stdin=subprocess.PIPE,stdout=subprocess.PIPE,cwd=os.path.dirname(path))
def send(m):
    b=json.dumps(m).encode(); p.stdin.write(b'Content-Length: %d\r\n\r\n'%len(b)+b); p.stdin.flush()
def read():
    h=b''
    while not h.endswith(b'\r\n\r\n'): h+=p.stdout.read(1)
    n=int([l for l in h.decode().split('\r\n') if l.lower().startswith('content-length')][0].split(':')[1])
    return json.loads(p.stdout.read(n))
def rss():
    peak=cur=0
    for l in open(f'/proc/{p.pid}/status'):
        if l.startswith('VmHWM'): peak=int(l.split()[1])//1024
        if l.startswith('VmRSS'): cur=int(l.split()[1])//1024
    return cur,peak
send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":"file://"+os.path.dirname(path),"capabilities":{}}})
while read().get('id')!=1: pass
send({"jsonrpc":"2.0","method":"initialized","params":{}})
t=time.time()
send({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://"+path,"languageId":"policy","version":1,"text":text}}})
while True:
    m=read()
    if m.get('method')=='textDocument/publishDiagnostics' and m['params']['uri'].endswith(os.path.basename(path)): break
print('open', round(time.time()-t,1),'s rss/peak MB', rss())
for v in range(2,4):
    send({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file://"+path,"version":v},"contentChanges":[{"text":text+f"\nfact zz{v}\n"}]}})
    while True:
        m=read()
        if m.get('method')=='textDocument/publishDiagnostics' and m['params']['uri'].endswith(os.path.basename(path)): break
    print('change', v, round(time.time()-t,1),'s rss/peak MB', rss())
send({"jsonrpc":"2.0","id":9,"method":"shutdown"}); p.kill()

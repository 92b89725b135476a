import subprocess,sys,time,os,signal,shutil
root=sys.argv[1]; n=int(sys.argv[2])
os.chdir(root)
cp="cli/target/tidemark-cli.jar:cli/target/lib/*"
for i in range(n):
    d='/tmp/perf/rs'; shutil.rmtree(d,ignore_errors=True); os.makedirs(d)
    args=['java','-Xmx2g','-XX:SharedArchiveFile=cli/target/tidemark.jsa','-Dorg.slf4j.simpleLogger.showDateTime=true','-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS','-cp',cp,'io.tidemark.cli.Tidemark','run','flights','--input','/work/main/data/flights-3m.csv','--batch-interval','1000ms','--rate','0','--max-batch-records','50000','--checkpoint',d+'/checkpoint','--state-dir',d+'/local','--checkpoint-interval','10000ms','--partitions','2','--dead-letter',d+'/dl','--until-exhausted']
    p=subprocess.Popen(args,stdout=subprocess.PIPE,stderr=subprocess.STDOUT,text=True)
    k=0
    for line in p.stdout:
        if line.startswith('batch'):
            k+=1
            if k==15: break
    p.send_signal(signal.SIGKILL); p.wait()
    t0=time.time(); lines=[]
    p=subprocess.Popen(args,stdout=subprocess.PIPE,stderr=subprocess.STDOUT,text=True)
    for line in p.stdout:
        lines.append('%6d ms  %s'%((time.time()-t0)*1000,line.rstrip()[:160]))
        if line.startswith('batch'): break
    p.send_signal(signal.SIGKILL); p.wait()
    print(lines[-1][:9], '|', [l for l in lines if 'restart plan' in l or 'flights job on' in l])
    if i==0: print('\n'.join(lines))

// Command bareserver is the yardstick of the live benchmarks: a plain Go
// net/http server on loopback that answers every request with a short body
// and closes every connection, as a sync worker does. It prints its address
// on stdout and serves until killed.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Worker-Pid", "0")
		fmt.Fprintln(w, "ada")
	})}
	srv.SetKeepAlivesEnabled(false)
	fmt.Println(ln.Addr().String())
	_ = srv.Serve(ln)
}
